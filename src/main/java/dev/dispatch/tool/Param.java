package dev.dispatch.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one component of a tool's params record for the model: its description and whether the
 * model may leave it out. An optional component must be a reference type (null when absent) and its
 * description should say what absence means.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Param {
    String value();

    Presence presence() default Presence.REQUIRED;

    /** Whether the model must send a parameter. */
    enum Presence {
        REQUIRED,
        OPTIONAL
    }
}

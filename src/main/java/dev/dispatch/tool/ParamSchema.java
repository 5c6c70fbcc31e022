package dev.dispatch.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Derives a tool's JSON schema from its params record and parses the model's arguments back into
 * that record. Both sides use the same snake_case names ({@code replaceAll} ↔ {@code replace_all})
 * and the same small type vocabulary: strings, integers, booleans, enums and lists of strings.
 * Parsing is strict and explains itself: a wrong argument becomes a {@link ToolFailure} naming the
 * parameter, what was expected and what arrived, so the model can fix its call.
 */
public final class ParamSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private ParamSchema() {}

    /** The JSON schema (an {@code object} schema) of a params record; rejects unsupported component types. */
    public static ObjectNode of(Class<? extends Record> type) {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent c : components(type)) {
            Param doc = c.getAnnotation(Param.class);
            if (doc == null) throw new IllegalArgumentException(type.getName() + "." + c.getName() + " has no @Param");
            if (doc.presence() == Param.Presence.OPTIONAL && c.getType().isPrimitive()) {
                throw new IllegalArgumentException(
                        type.getName() + "." + c.getName() + " is optional, so it must be a boxed type");
            }
            ObjectNode property = typeSchema(c.getGenericType(), type.getName() + "." + c.getName());
            property.put("description", doc.value());
            properties.set(wireName(c), property);
            if (doc.presence() == Param.Presence.REQUIRED) required.add(wireName(c));
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** Parses a JSON object of arguments into {@code type}; blank input means no arguments. */
    public static <P extends Record> P parse(Class<P> type, String argumentsJson) {
        JsonNode tree;
        try {
            tree = argumentsJson == null || argumentsJson.isBlank()
                    ? NODES.objectNode()
                    : Json.mapper().readTree(argumentsJson);
        } catch (JsonProcessingException e) {
            throw new ToolFailure("arguments are not valid JSON (" + e.getOriginalMessage()
                    + "); send one JSON object, e.g. {\"path\": \"src/Main.java\"}");
        }
        if (!(tree instanceof ObjectNode args)) {
            throw new ToolFailure("arguments must be a JSON object, got " + kind(tree));
        }
        Shape<P> shape = shape(type);
        rejectUnknown(args, shape);
        Object[] values = new Object[shape.names.length];
        for (int i = 0; i < values.length; i++) {
            String name = shape.names[i];
            JsonNode value = args.get(name);
            if (value == null || value.isNull()) {
                if (shape.docs[i].presence() == Param.Presence.REQUIRED) {
                    throw new ToolFailure("missing required parameter '" + name + "' (" + shape.docs[i].value() + ")");
                }
                values[i] = null;
            } else {
                values[i] = convert(value, shape.types[i], name);
            }
        }
        return construct(shape, values);
    }

    /** The name the model sees for a component: {@code timeoutSeconds} → {@code timeout_seconds}. */
    public static String wireName(RecordComponent c) {
        return CAMEL_HUMP.matcher(c.getName()).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * What parsing needs of a params record, worked out once per type: every tool call parses its
     * arguments, and reflecting over the record (components, annotations, constructor access) on each
     * call cost more than the parsing itself.
     */
    private record Shape<P extends Record>(
            String[] names, Param[] docs, Type[] types, Set<String> known, Constructor<P> constructor) {}

    private static final ClassValue<Shape<?>> SHAPES = new ClassValue<>() {
        @Override
        protected Shape<?> computeValue(Class<?> type) {
            return shapeOf(type.asSubclass(Record.class));
        }
    };

    @SuppressWarnings("unchecked")
    private static <P extends Record> Shape<P> shape(Class<P> type) {
        if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
        return (Shape<P>) SHAPES.get(type);
    }

    private static <P extends Record> Shape<P> shapeOf(Class<P> type) {
        RecordComponent[] components = components(type);
        String[] names = new String[components.length];
        Param[] docs = new Param[components.length];
        Type[] types = new Type[components.length];
        Class<?>[] raw = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            names[i] = wireName(c);
            docs[i] = c.getAnnotation(Param.class);
            if (docs[i] == null)
                throw new IllegalArgumentException(type.getName() + "." + c.getName() + " has no @Param");
            types[i] = c.getGenericType();
            raw[i] = c.getType();
        }
        try {
            Constructor<P> constructor = type.getDeclaredConstructor(raw);
            constructor.setAccessible(true);
            return new Shape<>(
                    names,
                    docs,
                    types,
                    java.util.Collections.unmodifiableSortedSet(new TreeSet<>(List.of(names))),
                    constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static RecordComponent[] components(Class<? extends Record> type) {
        if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
        return type.getRecordComponents();
    }

    private static ObjectNode typeSchema(Type type, String where) {
        ObjectNode node = NODES.objectNode();
        if (type == String.class) return node.put("type", "string");
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return node.put("type", "integer");
        }
        if (type == boolean.class || type == Boolean.class) return node.put("type", "boolean");
        if (type instanceof Class<?> c && c.isEnum()) {
            ArrayNode values = node.put("type", "string").putArray("enum");
            for (Object constant : c.getEnumConstants()) values.add(enumWireName((Enum<?>) constant));
            return node;
        }
        if (isListOfStrings(type)) {
            node.put("type", "array").putObject("items").put("type", "string");
            return node;
        }
        throw new IllegalArgumentException(where + " has unsupported type " + type.getTypeName()
                + "; use String, int, long, boolean, an enum or List<String>");
    }

    private static boolean isListOfStrings(Type type) {
        return type instanceof ParameterizedType p
                && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == String.class;
    }

    private static String enumWireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static void rejectUnknown(ObjectNode args, Shape<?> shape) {
        Set<String> known = shape.known;
        for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ToolFailure(
                        "unknown parameter '" + name + "'; known parameters: " + String.join(", ", known));
            }
        }
    }

    private static Object convert(JsonNode value, Type type, String name) {
        if (type == String.class) {
            if (value.isTextual()) return value.textValue();
            throw wrongType(name, "a string", value);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            long n = integer(value, name);
            if ((type == int.class || type == Integer.class) && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                throw new ToolFailure("parameter '" + name + "' is out of range: " + value);
            }
            return (type == int.class || type == Integer.class) ? (Object) (int) n : (Object) n;
        }
        if (type == boolean.class || type == Boolean.class) {
            if (value.isBoolean()) return value.booleanValue();
            if (value.isTextual()
                    && (value.textValue().equals("true") || value.textValue().equals("false"))) {
                return Boolean.parseBoolean(value.textValue());
            }
            throw wrongType(name, "true or false", value);
        }
        if (type instanceof Class<?> c && c.isEnum()) return enumValue(c, value, name);
        if (isListOfStrings(type)) {
            if (!value.isArray()) throw wrongType(name, "an array of strings", value);
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) throw wrongType(name + "[" + items.size() + "]", "a string", item);
                items.add(item.textValue());
            }
            return List.copyOf(items);
        }
        throw new IllegalStateException("unsupported type " + type.getTypeName());
    }

    private static long integer(JsonNode value, String name) {
        if (value.isIntegralNumber() && value.canConvertToLong()) return value.longValue();
        if (value.isTextual() && value.textValue().matches("-?\\d{1,18}")) return Long.parseLong(value.textValue());
        throw wrongType(name, "an integer", value);
    }

    private static Object enumValue(Class<?> type, JsonNode value, String name) {
        List<String> allowed = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String wire = enumWireName((Enum<?>) constant);
            if (value.isTextual() && value.textValue().equalsIgnoreCase(wire)) return constant;
            allowed.add(wire);
        }
        throw wrongType(name, "one of " + String.join(", ", allowed), value);
    }

    private static ToolFailure wrongType(String name, String expected, JsonNode got) {
        String shown = got.toString();
        if (shown.length() > 80) shown = shown.substring(0, 80) + "...";
        return new ToolFailure("parameter '" + name + "' must be " + expected + ", got " + kind(got) + " " + shown);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static <P extends Record> P construct(Shape<P> shape, Object[] values) {
        try {
            return shape.constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            // a params record validates itself in its compact constructor; its message is for the model
            if (e.getCause() instanceof IllegalArgumentException bad) throw new ToolFailure(bad.getMessage());
            throw new IllegalStateException(
                    "cannot build " + shape.constructor.getDeclaringClass().getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot build " + shape.constructor.getDeclaringClass().getSimpleName(), e);
        }
    }
}

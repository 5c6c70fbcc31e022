package dev.dispatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.Op;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the coordination commands share: submit one op to an engine for this invocation, and print the
 * answer as one line of JSON ({@code --json}) or as text.
 */
final class CoordCalls {
    private CoordCalls() {}

    static <R> R submit(CommandSpec spec, Op<R> op) {
        try (Engine engine = EngineAccess.oneShot(spec)) {
            return engine.submit(op);
        }
    }

    /**
     * Submits {@code op} and prints its answer: one line of JSON ({@code --json}) or {@code text}. With
     * {@code --json} against a daemon the line is the daemon's answer as sent (see
     * {@link RemoteEngine#submitForJson}): the same JSON, without Jackson decoding it only to encode it again.
     */
    static <R> void run(CommandSpec spec, JsonMixin json, Op<R> op, Consumer<R> text) {
        String sent = null;
        R answer = null;
        try (Engine engine = EngineAccess.oneShot(spec)) {
            if (json.enabled() && engine instanceof RemoteEngine remote) sent = remote.submitForJson(op);
            else answer = engine.submit(op);
        }
        if (sent == null) {
            print(spec, json, answer, text);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(sent);
        out.flush();
    }

    static <R> void print(CommandSpec spec, JsonMixin json, R answer, Consumer<R> text) {
        if (json.enabled()) json(spec, answer);
        else text.accept(answer);
    }

    /** Prints {@code value} as one line of JSON, with the mapper the daemon answers with. */
    static void json(CommandSpec spec, Object value) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(toJson(value));
        out.flush();
    }

    static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }
}

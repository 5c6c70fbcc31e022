package dev.dispatch.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of the wire: ISO-8601 times, nulls omitted, unknown fields rejected on
 * input (a typo is an error, not a silent default), nesting depth bounded against hostile bodies.
 */
public final class Json {
    /** Deepest JSON nesting accepted from any input; deeper documents are refused. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .build());
        // Jackson keeps its read and write buffers per thread by default, and the daemon runs every request
        // on a new virtual thread, so each request allocated fresh buffers (~12 % of its allocation under
        // bench/daemon-http.sh); a shared pool hands them from request to request.
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
        return mapper;
    }
}

package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.Route.Access;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's encoding and the server's decoding of ops are inverse, by the one shared route table. */
class OpCodecTest {
    record Claim(String id, String agent, Integer leaseSeconds) implements Op<Ack> {}

    record Search(String space, List<String> types, Integer limit) implements Op<List<String>> {}

    static final Route CLAIM = new Route(Claim.class, "POST", "/v1/tasks/{id}/claim", Access.AGENT, "agent");
    static final Route SEARCH = new Route(Search.class, "GET", "/v1/search", Access.AGENT, null);

    private static Op<?> roundTrip(Route route, Op<?> op) {
        OpCodec.HttpCall call = OpCodec.encode(route, op);
        String target = call.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> params = route.match(path);
        assertThat(params).as("path %s matches %s", path, route).isNotNull();
        byte[] body = call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8);
        return OpCodec.decode(route, params, OpCodec.parseQuery(q < 0 ? null : target.substring(q + 1)), body);
    }

    @Test
    void pathParamsBindFieldsOfTheSameNameAndTheBodyCarriesTheRest() {
        Claim op = new Claim("task_a/b c", "agt_1", 30);
        OpCodec.HttpCall call = OpCodec.encode(CLAIM, op);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.target()).isEqualTo("/v1/tasks/task_a%2Fb%20c/claim");
        assertThat(call.body()).isEqualTo("{\"agent\":\"agt_1\",\"leaseSeconds\":30}");
        assertThat(roundTrip(CLAIM, op)).isEqualTo(op);
    }

    @Test
    void getSendsFieldsAsQueryParametersAndCollectionsRepeat() {
        Search op = new Search("my space", List.of("TaskClaimed", "Task+Done"), 5);
        OpCodec.HttpCall call = OpCodec.encode(SEARCH, op);
        assertThat(call.body()).isNull();
        assertThat(call.target()).isEqualTo("/v1/search?space=my%20space&types=TaskClaimed&types=Task%2BDone&limit=5");
        assertThat(roundTrip(SEARCH, op)).isEqualTo(op);
        assertThat(roundTrip(SEARCH, new Search(null, null, null))).isEqualTo(new Search(null, null, null));
    }

    @Test
    void badInputIsInvalidAndNamesTheProblem() {
        Map<String, String> id = Map.of("id", "t1");
        assertThatThrownBy(() -> OpCodec.decode(CLAIM, id, Map.of(), "{\"id\":\"t2\"}".getBytes()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("'id' comes from the path");
        assertThatThrownBy(() -> OpCodec.decode(CLAIM, id, Map.of(), "[1]".getBytes()))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> OpCodec.decode(CLAIM, id, Map.of(), "{\"leaseSecs\":3}".getBytes()))
                .hasMessageContaining("leaseSecs");
        assertThatThrownBy(() -> OpCodec.decode(CLAIM, id, Map.of(), "{\"leaseSeconds\":\"soon\"}".getBytes()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        assertThatThrownBy(() -> OpCodec.decode(SEARCH, Map.of(), Map.of("limit", List.of("1", "2")), null))
                .hasMessageContaining("only once");
    }

    @Test
    void impliedFieldsFillOnlyWhatTheRequestLeftOut() {
        Map<String, String> id = Map.of("id", "t1");
        assertThat(OpCodec.decode(CLAIM, id, Map.of(), "{}".getBytes(), Map.of("agent", "agt_me")))
                .isEqualTo(new Claim("t1", "agt_me", null));
        assertThat(OpCodec.decode(CLAIM, id, Map.of(), "{\"agent\":\"agt_x\"}".getBytes(), Map.of("agent", "agt_me")))
                .isEqualTo(new Claim("t1", "agt_x", null));
    }

    @Test
    void answerTypeComesFromTheOpDeclaration() {
        assertThat(OpCodec.answerType(Claim.class).getRawClass()).isEqualTo(Ack.class);
        assertThat(OpCodec.answerType(Search.class).getRawClass()).isEqualTo(List.class);
        assertThat(OpCodec.answerType(Search.class).containedType(0).getRawClass())
                .isEqualTo(String.class);
    }
}

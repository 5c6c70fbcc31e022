package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Token → caller: the operator, a registered agent (looked up once per cache interval), or 401. */
class AuthenticatorTest {
    final AtomicInteger lookups = new AtomicInteger();
    final Authenticator auth = new Authenticator("op-token-0123456789abcdef0123456789", token -> {
        lookups.incrementAndGet();
        return token.equals("dsp_agent") ? Optional.of(new AgentTokens.Agent("web", "w1")) : Optional.empty();
    });

    @Test
    void operatorAgentAndStrangers() {
        assertThat(auth.authenticate("Bearer op-token-0123456789abcdef0123456789")
                        .isOperator())
                .isTrue();
        assertThat(auth.authenticate("bearer op-token-0123456789abcdef0123456789")
                        .isOperator())
                .isTrue();
        Caller agent = auth.authenticate("Bearer dsp_agent");
        assertThat(agent.isOperator()).isFalse();
        assertThat(agent.space()).isEqualTo("web");
        assertThat(agent.agent()).isEqualTo("w1");
        assertThat(agent.label()).isEqualTo("web/w1");
        for (String bad : new String[] {null, "", "Bearer nope", "Basic b3A6dG9rZW4=", "Bearer op-token"}) {
            assertThatThrownBy(() -> auth.authenticate(bad))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("op-token")
                            .doesNotContain("nope"));
        }
    }

    @Test
    void aBusyAgentCostsOneLookupPerInterval() {
        for (int i = 0; i < 50; i++) auth.authenticate("Bearer dsp_agent");
        assertThat(lookups.get()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> auth.authenticate("Bearer unknown")).isInstanceOf(EngineException.class);
        }
        assertThat(lookups.get()).isEqualTo(4); // failures are never cached
    }
}

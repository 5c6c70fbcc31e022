package dev.dispatch.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void replacesEverySecretLongestFirstAndIgnoresShortOnes() {
        Redactor r = Redactor.of(List.of("sk-abcdefgh", "sk-abcdefgh-longer", "short"));
        assertThat(r.redact("a sk-abcdefgh-longer b sk-abcdefgh c short"))
                .isEqualTo("a [redacted] b [redacted] c short");
        assertThat(Redactor.none().redact("sk-abcdefgh")).isEqualTo("sk-abcdefgh");
    }

    @Test
    void aStreamCatchesASecretSplitAtEveryPoint() {
        String secret = "sk-0123456789";
        String text = "before " + secret + " after " + secret;
        for (int cut = 0; cut <= text.length(); cut++) {
            for (int cut2 = cut; cut2 <= text.length(); cut2 += 3) {
                Redactor.Stream s = Redactor.of(List.of(secret)).stream();
                String out = s.push(text.substring(0, cut))
                        + s.push(text.substring(cut, cut2))
                        + s.push(text.substring(cut2))
                        + s.flush();
                assertThat(out).as("cut at %d and %d", cut, cut2).isEqualTo("before [redacted] after [redacted]");
            }
        }
    }

    @Test
    void aStreamHoldsBackOnlyWhatCouldStartASecret() {
        Redactor.Stream s = Redactor.of(List.of("sk-0123456789")).stream();
        assertThat(s.push("plain text\n")).isEqualTo("plain text\n");
        assertThat(s.push("ends with sk-01")).isEqualTo("ends with ");
        assertThat(s.push("X")).isEqualTo("sk-01X");
        assertThat(s.flush()).isEmpty();
    }
}

package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScrollbackTest {
    @Test
    void leavesTheSelectedConversationsTailAsPlainText() {
        ViewModel vm = new ViewModel();
        vm.apply(new AgentStarted("a", null, "main", "s", "m", "p", Instant.EPOCH));
        for (int i = 0; i < 1000; i++) {
            vm.apply(new UserMessageDelivered("a", "question " + i));
            vm.apply(new TextDelta("a", "answer " + i));
        }
        var lines = Scrollback.lines(vm, 80);
        assertThat(lines.getFirst()).isEqualTo("── dispatch: main (last 400 lines) ──");
        assertThat(lines).contains("  answer 999").doesNotContain("  answer 1");
        assertThat(lines.size()).isLessThan(Scrollback.MAX_LINES + 10);
    }

    @Test
    void nothingToLeaveWhenNothingWasSaid() {
        assertThat(Scrollback.lines(new ViewModel(), 80)).isEmpty();
    }
}

package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void eightyByTwentyFourDropsTheRightColumnAndKeepsChatWide() {
        Layout l = Layout.of(80, 24, 1, Layout.Side.AGENTS);
        assertThat(l.tasks().isEmpty()).isTrue();
        assertThat(l.log().isEmpty()).isTrue();
        assertThat(l.chat().width()).isGreaterThanOrEqualTo(40);
        assertThat(l.status().row()).isEqualTo(23);
        assertThat(l.input().bottom()).isEqualTo(23);
        assertThat(l.chat().bottom()).isEqualTo(l.inputRule().row());
    }

    @Test
    void narrowLeftColumnCyclesBetweenAgentsTasksAndLog() {
        assertThat(Layout.of(80, 24, 1, Layout.Side.TASKS).tasks())
                .isEqualTo(Layout.of(80, 24, 1, Layout.Side.TASKS).left());
        assertThat(Layout.of(80, 24, 1, Layout.Side.TASKS).tree().isEmpty()).isTrue();
        assertThat(Layout.of(80, 24, 1, Layout.Side.LOG).log().isEmpty()).isFalse();
    }

    @Test
    void wideScreensShowEverythingWithoutOverlap() {
        Layout l = Layout.of(160, 40, 3, Layout.Side.LOG);
        assertThat(l.tree().isEmpty()).isFalse();
        assertThat(l.left().right()).isLessThan(l.chat().col());
        assertThat(l.chat().right()).isLessThan(l.tasks().col());
        assertThat(l.tasks().bottom()).isEqualTo(l.log().row());
        assertThat(l.input().height()).isEqualTo(3);
    }

    @Test
    void inputGrowsToSixLinesAtMostAndTinyTerminalsAreFlagged() {
        assertThat(Layout.of(100, 30, 20, Layout.Side.AGENTS).input().height()).isEqualTo(Layout.MAX_INPUT_LINES);
        assertThat(Layout.of(39, 24, 1, Layout.Side.AGENTS).tooSmall()).isTrue();
        assertThat(Layout.of(40, 10, 1, Layout.Side.AGENTS).tooSmall()).isFalse();
    }
}

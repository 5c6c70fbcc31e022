package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.Test;

/** The chat viewport: drawing and scrolling touch only what is visible, and a scrolled view stays put. */
class ChatViewTest {
    static Transcript transcript(int n) {
        Transcript t = new Transcript();
        for (int i = 0; i < n; i++) t.add(new Entry.Notice("message " + i, Style.NORMAL));
        return t;
    }

    static ViewModel withAgent(Transcript source) {
        ViewModel vm = new ViewModel();
        AgentView a = vm.agent("a");
        vm.selectedId = "a";
        for (Entry e : source.entries()) a.transcript.add(e);
        return vm;
    }

    static void draw(ViewModel vm, ChatView v) throws Exception {
        TerminalScreen s = new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(60, 20)));
        s.startScreen();
        ChatPanel.draw(new Painter(s.newTextGraphics(), new Rect(0, 0, 60, 20)), vm, v, Focus.INPUT, "cfg");
    }

    @Test
    void onlyVisibleEntriesAreWrapped() throws Exception {
        ViewModel vm = withAgent(transcript(10_000));
        ChatView v = new ChatView();
        draw(vm, v);
        long wrapped =
                vm.transcript().entries().stream().filter(Entry::isWrapped).count();
        assertThat(wrapped).isBetween(1L, 40L);
        assertThat(v.lastVisible).isEqualTo(9_999);
    }

    @Test
    void scrolledViewStaysPutWhileTextArrivesBelow() throws Exception {
        ViewModel vm = withAgent(transcript(100));
        ChatView v = new ChatView();
        draw(vm, v);
        v.scrollUp(vm.transcript(), 50);
        draw(vm, v);
        int first = v.firstVisible;
        for (int i = 0; i < 20; i++) vm.transcript().add(new Entry.Notice("new " + i, Style.NORMAL));
        draw(vm, v);
        assertThat(v.firstVisible).isEqualTo(first);
        v.scrollDown(vm.transcript(), 10_000);
        assertThat(v.following()).isTrue();
    }

    @Test
    void scrollingPastTheTopStopsAtTheFirstEntry() throws Exception {
        ViewModel vm = withAgent(transcript(30));
        ChatView v = new ChatView();
        draw(vm, v);
        v.scrollUp(vm.transcript(), 10_000);
        draw(vm, v);
        assertThat(v.firstVisible).isZero();
    }

    @Test
    void searchJumpsBetweenHitsNewestFirst() throws Exception {
        ViewModel vm = withAgent(transcript(500));
        ChatView v = new ChatView();
        draw(vm, v);
        v.search.active = true;
        v.search.query.append("message 1");
        v.runSearch(vm.transcript());
        assertThat(v.search.hits).hasSize(111);
        assertThat(v.cursor).isEqualTo(199);
        v.stepSearch(vm.transcript(), -1);
        assertThat(v.cursor).isEqualTo(198);
        draw(vm, v);
        assertThat(v.firstVisible).isEqualTo(198);
    }
}

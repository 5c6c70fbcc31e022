package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Permissions;
import dev.dispatch.session.Sessions;
import dev.dispatch.session.TaskLists;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** task_list through the registry, on a real store: the four actions, persistence, a parent reading a child. */
class TaskListToolTest {
    @TempDir
    Path data;

    @TempDir
    Path project;

    ToolResult call(ToolRegistry r, String agent, String session, String json) throws Exception {
        return r.call("task_list", json, ToolContext.of(project, agent, session, new Permissions(project).gate()));
    }

    @Test
    void addUpdateListGetAndItSurvivesReopening() throws Exception {
        String session;
        try (Store store = Store.open(data)) {
            Sessions sessions = new Sessions(store, InstantSource.system());
            session = sessions.create("s", project.toString(), "t", "m", "p", null)
                    .id();
            ToolRegistry r =
                    ToolRegistry.of(java.util.List.of(new TaskListTool(new TaskLists(store, InstantSource.system()))));
            assertThat(call(
                                    r,
                                    "agt_1",
                                    session,
                                    "{\"action\":\"add\",\"title\":\"write tests\",\"description\":\"for the ledger\"}")
                            .text())
                    .isEqualTo("added todo_1: write tests");
            call(r, "agt_1", session, "{\"action\":\"add\",\"title\":\"ship\"}");
            assertThat(call(r, "agt_1", session, "{\"action\":\"update\",\"id\":\"todo_1\",\"status\":\"in_progress\"}")
                            .text())
                    .isEqualTo("todo_1 is now in_progress");
            ToolResult bad = call(r, "agt_1", session, "{\"action\":\"update\",\"id\":\"todo_9\",\"status\":\"done\"}");
            assertThat(bad.isError()).isTrue();
            assertThat(bad.text()).contains("no item 'todo_9'");
            assertThat(call(r, "agt_1", session, "{\"action\":\"update\",\"id\":\"todo_1\",\"status\":\"finished\"}")
                            .isError())
                    .isTrue();
        }
        try (Store store = Store.open(data)) {
            ToolRegistry r =
                    ToolRegistry.of(java.util.List.of(new TaskListTool(new TaskLists(store, InstantSource.system()))));
            assertThat(call(r, "agt_2", session, "{\"action\":\"list\"}").text())
                    .isEqualTo("todo_1 [in_progress] write tests\ntodo_2 [pending] ship\n");
            assertThat(call(r, "agt_2", session, "{\"action\":\"get\",\"id\":\"todo_1\"}")
                            .text())
                    .isEqualTo("todo_1 [in_progress] write tests\nfor the ledger");
        }
    }

    @Test
    void aParentReadsItsChildsListButNotAStrangersAndChangesNeither() throws Exception {
        try (Store store = Store.open(data)) {
            Sessions sessions = new Sessions(store, InstantSource.system());
            String parent = sessions.create("s", project.toString(), "p", "m", "p", null)
                    .id();
            String child = sessions.create("s", project.toString(), "c", "m", "p", parent)
                    .id();
            String stranger = sessions.create("s", project.toString(), "x", "m", "p", null)
                    .id();
            sessions.appendMessage(child, "agt_child", "user", "{}", "hi");
            sessions.appendMessage(stranger, "agt_other", "user", "{}", "hi");
            ToolRegistry r =
                    ToolRegistry.of(java.util.List.of(new TaskListTool(new TaskLists(store, InstantSource.system()))));
            call(r, "agt_child", child, "{\"action\":\"add\",\"title\":\"child work\"}");
            call(r, "agt_other", stranger, "{\"action\":\"add\",\"title\":\"secret work\"}");

            assertThat(call(r, "agt_parent", parent, "{\"action\":\"list\",\"agent\":\"agt_child\"}")
                            .text())
                    .isEqualTo("todo_1 [pending] child work\n");
            ToolResult other = call(r, "agt_parent", parent, "{\"action\":\"list\",\"agent\":\"agt_other\"}");
            assertThat(other.isError()).isTrue();
            assertThat(other.text()).contains("not a child agent of yours");
            ToolResult write = call(
                    r,
                    "agt_parent",
                    parent,
                    "{\"action\":\"update\",\"id\":\"todo_1\",\"status\":\"done\",\"agent\":\"agt_child\"}");
            assertThat(write.isError()).isTrue();
            assertThat(call(r, "agt_parent", parent, "{\"action\":\"list\"}").text())
                    .isEqualTo("the list is empty");
        }
    }
}

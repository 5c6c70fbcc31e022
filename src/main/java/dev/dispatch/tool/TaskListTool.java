package dev.dispatch.tool;

import dev.dispatch.session.TaskLists;
import dev.dispatch.tool.Param.Presence;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code task_list}: the agent's own checklist, kept with its session so it survives restarts and
 * waits. {@code agent} (a child's agent id) reads that child's list instead; only a parent may.
 */
public final class TaskListTool implements Tool<TaskListTool.Params> {
    private final TaskLists lists;

    public TaskListTool(TaskLists lists) {
        this.lists = lists;
    }

    public enum Action {
        ADD,
        UPDATE,
        LIST,
        GET
    }

    public enum Status {
        PENDING,
        IN_PROGRESS,
        DONE,
        BLOCKED
    }

    public record Params(
            @Param("add, update, list or get") Action action,
            @Param(value = "title of the new item (add)", presence = Presence.OPTIONAL) String title,
            @Param(value = "details of the new item (add)", presence = Presence.OPTIONAL) String description,
            @Param(value = "item id such as todo_3 (update, get)", presence = Presence.OPTIONAL) String id,
            @Param(value = "new status (update)", presence = Presence.OPTIONAL) Status status,
            @Param(
                            value = "a child agent's id to read its list (list, get); default: your own",
                            presence = Presence.OPTIONAL)
                    String agent) {}

    @Override
    public String name() {
        return "task_list";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (ctx.sessionId() == null) throw new ToolFailure("task_list needs a session; this call has none");
        String session = ctx.sessionId();
        if (p.agent() != null && !p.agent().isBlank() && !p.agent().equals(ctx.agentId())) {
            if (p.action() == Action.ADD || p.action() == Action.UPDATE) {
                throw new ToolFailure("only the agent itself changes its list; '" + p.agent() + "' is another agent");
            }
            session = lists.childSession(ctx.sessionId(), p.agent())
                    .orElseThrow(() -> new ToolFailure("'" + p.agent()
                            + "' is not a child agent of yours; you can read only your children's lists"));
        }
        return switch (p.action()) {
            case ADD -> {
                if (p.title() == null || p.title().isBlank()) throw new ToolFailure("add needs a title");
                if (p.title().length() > 500)
                    throw new ToolFailure("title is " + p.title().length() + " characters; keep it under 500");
                String id = lists.add(session, p.title().strip(), p.description());
                yield ToolResult.ok("added " + id + ": " + p.title().strip(), Map.of("id", id));
            }
            case UPDATE -> {
                String id = requireId(p);
                if (p.status() == null)
                    throw new ToolFailure("update needs a status: pending, in_progress, done or blocked");
                if (!lists.update(
                        session, id, TaskLists.Status.valueOf(p.status().name()))) throw unknown(id);
                yield ToolResult.ok(id + " is now " + p.status().name().toLowerCase(Locale.ROOT));
            }
            case LIST -> ToolResult.ok(render(lists.list(session)));
            case GET -> {
                String id = requireId(p);
                TaskLists.Item item = lists.get(session, id).orElseThrow(() -> unknown(id));
                yield ToolResult.ok(line(item) + (item.description() == null ? "" : "\n" + item.description()));
            }
        };
    }

    private static String requireId(Params p) {
        if (p.id() == null || p.id().isBlank())
            throw new ToolFailure(
                    p.action().name().toLowerCase(Locale.ROOT) + " needs an id such as todo_1 (see list)");
        return p.id().strip();
    }

    private static ToolFailure unknown(String id) {
        return new ToolFailure("no item '" + id + "' in this list; call task_list with action list to see the ids");
    }

    private static String render(List<TaskLists.Item> items) {
        if (items.isEmpty()) return "the list is empty";
        StringBuilder b = new StringBuilder();
        for (TaskLists.Item i : items) b.append(line(i)).append('\n');
        return b.toString();
    }

    private static String line(TaskLists.Item i) {
        return i.id() + " [" + i.status().name().toLowerCase(Locale.ROOT) + "] " + i.title();
    }
}

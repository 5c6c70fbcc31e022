package dev.dispatch.app;

import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.protocol.WorkbenchOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The workbench's tasks panel: the space's coordination tasks (open ones first, then the most recent
 * finished ones) and the selected agent's own task_list.
 */
final class TaskBoard {
    static final int SHOWN = 50;

    private TaskBoard() {}

    static void register(OpRouter router, Coord coord, AgentModule agents) {
        router.on(
                WorkbenchOps.ListTaskBoard.class,
                op -> new WorkbenchOps.TaskBoard(
                        space(coord, op.space()),
                        agents.taskListOf(op.agentId()).stream()
                                .map(i -> new WorkbenchOps.TaskLine(
                                        i.id(), i.title(), i.status().name().toLowerCase(Locale.ROOT), null))
                                .toList()));
    }

    private static List<WorkbenchOps.TaskLine> space(Coord coord, String space) {
        List<TaskOps.TaskView> all = coord.tasks()
                .list(new TaskOps.ListTasks(space, null, null, null, null))
                .tasks();
        List<WorkbenchOps.TaskLine> open = new ArrayList<>();
        List<WorkbenchOps.TaskLine> finished = new ArrayList<>();
        for (TaskOps.TaskView t : all) {
            var line = new WorkbenchOps.TaskLine(t.id(), t.title(), t.status().name(), t.assignee());
            (t.status().finished() ? finished : open).add(line);
        }
        List<WorkbenchOps.TaskLine> out = new ArrayList<>(open.subList(0, Math.min(open.size(), SHOWN)));
        int room = SHOWN - out.size();
        out.addAll(finished.subList(Math.max(0, finished.size() - room), finished.size()));
        return out;
    }
}

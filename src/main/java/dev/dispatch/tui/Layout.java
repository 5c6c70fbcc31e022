package dev.dispatch.tui;

/**
 * Where each panel goes for a terminal size. Wide terminals (≥ 120 columns) show the agent tree,
 * the chat and a right column with tasks over the permission log. Narrower ones (80×24 included)
 * drop the right column and let the left column show one of tree / tasks / log ({@link Side},
 * cycled with F2); below 60 columns the chat takes the whole width. The chat always keeps at least
 * half the width: it is what the user came for.
 */
record Layout(
        Rect header,
        Rect left,
        Rect chat,
        Rect tasks,
        Rect log,
        Rect inputRule,
        Rect input,
        Rect status,
        Side leftShows,
        boolean tooSmall) {

    static final int MIN_WIDTH = 40;
    static final int MIN_HEIGHT = 10;
    static final int MAX_INPUT_LINES = 6;

    /** What the left column shows when there is no room for the right column. */
    enum Side {
        AGENTS,
        TASKS,
        LOG;

        Side next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    static Layout of(int width, int height, int inputLines, Side side) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            Rect all = new Rect(0, 0, width, height);
            return new Layout(
                    Rect.NONE, Rect.NONE, all, Rect.NONE, Rect.NONE, Rect.NONE, Rect.NONE, Rect.NONE, side, true);
        }
        int inputH = Math.max(1, Math.min(MAX_INPUT_LINES, inputLines));
        Rect header = new Rect(0, 0, width, 1);
        Rect status = new Rect(0, height - 1, width, 1);
        Rect input = new Rect(0, height - 1 - inputH, width, inputH);
        Rect rule = new Rect(0, input.row() - 1, width, 1);
        int bodyTop = 1;
        int bodyH = rule.row() - bodyTop;
        boolean wide = width >= 120;
        int leftW = width >= 100 ? 26 : width >= 60 ? 22 : 0;
        int rightW = wide ? 32 : 0;
        Rect left = leftW == 0 ? Rect.NONE : new Rect(0, bodyTop, leftW, bodyH);
        int chatCol = leftW == 0 ? 0 : leftW + 1;
        int chatW = width - chatCol - (rightW == 0 ? 0 : rightW + 1);
        Rect chat = new Rect(chatCol, bodyTop, chatW, bodyH);
        Rect tasks = Rect.NONE;
        Rect log = Rect.NONE;
        Side shows = wide ? Side.AGENTS : side;
        if (wide) {
            int rightCol = width - rightW;
            int tasksH = bodyH / 2;
            tasks = new Rect(rightCol, bodyTop, rightW, tasksH);
            log = new Rect(rightCol, bodyTop + tasksH, rightW, bodyH - tasksH);
        } else if (leftW > 0 && side == Side.TASKS) {
            tasks = left;
        } else if (leftW > 0 && side == Side.LOG) {
            log = left;
        }
        return new Layout(header, left, chat, tasks, log, rule, input, status, shows, false);
    }

    /** The agent tree's rectangle, or empty when the left column shows something else. */
    Rect tree() {
        return leftShows == Side.AGENTS ? left : Rect.NONE;
    }
}

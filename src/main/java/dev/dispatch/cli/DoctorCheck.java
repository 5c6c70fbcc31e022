package dev.dispatch.cli;

import java.util.List;

/**
 * One line of {@code dispatch doctor}: ✓ fine, ✗ a required thing is broken (exit 1), ! a feature
 * cannot work until the user acts (no model configured: agents cannot start, yet queues and locks
 * work), – information (an optional tool missing, the daemon not running).
 *
 * @param notes further lines shown indented under the check (each config problem, say)
 */
record DoctorCheck(String name, Status status, String detail, List<String> notes) {
    enum Status {
        OK("✓"),
        FAIL("✗"),
        WARN("!"),
        INFO("–");

        final String mark;

        Status(String mark) {
            this.mark = mark;
        }
    }

    static DoctorCheck ok(String name, String detail) {
        return new DoctorCheck(name, Status.OK, detail, List.of());
    }

    static DoctorCheck fail(String name, String detail) {
        return new DoctorCheck(name, Status.FAIL, detail, List.of());
    }

    static DoctorCheck info(String name, String detail) {
        return new DoctorCheck(name, Status.INFO, detail, List.of());
    }
}

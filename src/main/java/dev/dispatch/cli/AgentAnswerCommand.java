package dev.dispatch.cli;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.SessionOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch agent answer QUESTION_ID TEXT}: answers a detached agent's {@code ask_user}
 * question from any shell (in-process or beside the owner running it); the agent resumes with it.
 */
@Command(
        name = "answer",
        mixinStandardHelpOptions = true,
        description = {
            "Answer a detached agent's question (ask_user); the agent continues with your answer.",
            "",
            "  dispatch agent answer q_1a2b3c4d5e6f \"ship 2.0 on Friday\"",
            "",
            "The question id is in the QuestionAsked event (stream-json: type question; text mode prints it)."
        })
public final class AgentAnswerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUESTION_ID", description = "The question id (q_…).")
    String questionId;

    @Parameters(index = "1", paramLabel = "TEXT", description = "Your answer.")
    String answer;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (answer == null || answer.isBlank())
            throw new CliException(ExitCode.USAGE, "empty answer: type the answer after the question id");
        Ack ack = PermissionCommand.submit(spec, e -> e.submit(new SessionOps.AnswerQuestion(questionId, answer)));
        spec.commandLine().getOut().println(ack.detail());
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}

package dev.dispatch.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.UnregistrationParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Dispatch's side of one server connection: diagnostics go to the handle; requests a headless
 * client cannot honour (apply an edit, show a prompt) are answered politely so the server goes on;
 * logs are dropped (the server's stderr tail explains failures).
 */
final class Client implements LanguageClient {
    private final Consumer<PublishDiagnosticsParams> diagnostics;
    private final List<WorkspaceFolder> folders;

    Client(Consumer<PublishDiagnosticsParams> diagnostics, List<WorkspaceFolder> folders) {
        this.diagnostics = diagnostics;
        this.folders = folders;
    }

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
        diagnostics.accept(params);
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void showMessage(MessageParams params) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams params) {}

    @Override
    public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
        ApplyWorkspaceEditResponse no = new ApplyWorkspaceEditResponse(false);
        no.setFailureReason("Dispatch applies no edits from a language server; agents edit with their tools");
        return CompletableFuture.completedFuture(no);
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unregisterCapability(UnregistrationParams params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<WorkspaceFolder>> workspaceFolders() {
        return CompletableFuture.completedFuture(folders);
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
        List<Object> none = new ArrayList<>();
        for (int i = 0; i < params.getItems().size(); i++) none.add(null);
        return CompletableFuture.completedFuture(none);
    }

    @Override
    public void notifyProgress(org.eclipse.lsp4j.ProgressParams params) {}

    @Override
    public void logTrace(org.eclipse.lsp4j.LogTraceParams params) {}

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
        return CompletableFuture.completedFuture(null);
    }
}

package dev.dispatch.protocol;

/**
 * An event about the engine as a whole rather than one agent: a key disabled, cooling or spent, a
 * config or skills reload. Every face shows these (the TUI's status bar, run's stderr, the SSE stream).
 */
public sealed interface EngineEvent extends Event
        permits KeyEvents.KeyDisabled,
                KeyEvents.KeyCooling,
                KeyEvents.KeyExhausted,
                KeyEvents.ConfigRejected,
                FleetEvents.ConflictDetected,
                FleetEvents.ExternalAgentExited,
                FleetEvents.AgentNudged,
                LspEvents.LspDiagnosticsChanged,
                LspEvents.LspServerChanged {
    /** What happened, in one line a face can show as it is (key ids only, never secrets). */
    String summary();
}

package dev.dispatch.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Collects the {@link ModelEvent}s of a call for assertions. */
final class EventLog implements Consumer<ModelEvent> {
    final List<ModelEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ModelEvent event) {
        events.add(event);
    }

    String text() {
        return of(ModelEvent.TextDelta.class).stream()
                .map(ModelEvent.TextDelta::text)
                .collect(Collectors.joining());
    }

    <T extends ModelEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    ModelEvent last() {
        return events.get(events.size() - 1);
    }

    /** Settings for the scripted server in the given wire format. */
    static ProviderSettings settings(ScriptedModelServer server, ProviderType type) {
        return type == ProviderType.ANTHROPIC ? server.anthropicSettings() : server.openAiSettings();
    }

    /** A provider whose retry waits are recorded into {@code waits} instead of slept. */
    static Provider provider(ProviderSettings settings, List<java.time.Duration> waits) {
        return Providers.create(settings, (delay, cancellation) -> waits.add(delay), OllamaProbe.local());
    }
}

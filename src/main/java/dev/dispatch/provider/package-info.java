/**
 * Model providers: one provider-neutral request ({@link dev.dispatch.provider.ModelRequest}), one
 * stream of {@link dev.dispatch.provider.ModelEvent}s, and thin adapters on {@code java.net.http} for
 * the Anthropic Messages API and OpenAI-compatible Chat Completions (OpenAI, Ollama, vLLM, LM Studio,
 * llama.cpp server, OpenRouter). Entry points: {@link dev.dispatch.provider.Providers#create} and
 * {@link dev.dispatch.provider.OllamaProbe}. Keys live in {@link dev.dispatch.provider.ApiKey} and
 * leave it only as a request header.
 */
package dev.dispatch.provider;

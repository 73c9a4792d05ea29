package dev.basalt.bedrock.internal;

import dev.basalt.core.ModelException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * One region's runtime client for the classes that call a single region (embeddings, token counts),
 * built on the first call, not before: a program that never calls never loads the SDK's client.
 * Failures come out as one-line {@link ModelException}s through {@link BedrockErrorMapper}.
 */
public final class RegionalClient implements AutoCloseable {

    private final RuntimeClientFactory factory;
    private final String region;
    private final Object lock = new Object();
    private volatile BedrockRuntimeAsyncClient client;

    public RegionalClient(RuntimeClientFactory factory, String region) {
        this.factory = factory;
        this.region = region;
    }

    public String region() {
        return region;
    }

    public BedrockRuntimeAsyncClient client() {
        BedrockRuntimeAsyncClient ready = client;
        if (ready != null) {
            return ready;
        }
        synchronized (lock) {
            if (client == null) {
                client = factory.newClient(region);
            }
            return client;
        }
    }

    /** Runs one operation and waits for it; interrupting the caller cancels it. */
    public <T> T call(String modelId, Function<BedrockRuntimeAsyncClient, CompletableFuture<T>> operation) {
        CompletableFuture<T> call;
        try {
            call = operation.apply(client());
        } catch (RuntimeException e) {
            throw errors(modelId).map(e);
        }
        return await(call, modelId);
    }

    /** Waits for a call started on {@link #client()}; interrupting the caller cancels it. */
    public <T> T await(CompletableFuture<T> call, String modelId) {
        try {
            return RuntimeClientFactory.await(call);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors(modelId).map(e);
        }
    }

    /** Built when a call has failed, so the message can name the endpoint the SDK actually used. */
    public BedrockErrorMapper errors(String modelId) {
        return factory.errors(modelId, region, factory.endpointInUse(client));
    }

    /** Releases the connections, then stops the event loop; see {@link RuntimeClientFactory#close()}. */
    @Override
    public void close() {
        synchronized (lock) {
            if (client != null) {
                client.close();
                client = null;
            }
            factory.close();
        }
    }
}

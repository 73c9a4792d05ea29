package dev.basalt.agent.tools;

import static dev.basalt.agent.tools.BuiltinToolsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** web_fetch against a real HTTP server on a random port. */
class WebFetchTest {

    @TempDir
    Path root;

    HttpServer server;
    ExecutorService handlers = Executors.newCachedThreadPool();
    /** A stalled response holds its connection until the test ends. */
    final CountDownLatch release = new CountDownLatch(1);
    /** Counted down once a stalled response has sent its first bytes. */
    final CountDownLatch started = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        serve("/logo.png", "image/png", new byte[1234]);
        serve("/latin1.txt", "text/plain; charset=ISO-8859-1", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        serve("/problem", "application/problem+json", "{\"title\":\"Out of stock\"}".getBytes(StandardCharsets.UTF_8));
        server.createContext("/stall", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("first part\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            started.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // the test is over
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    void serve(String path, String type, byte[] body) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    ToolContext context() {
        return ToolContext.of(Workspace.of(root));
    }

    @Test
    void refusesAnImageNamingItsTypeAndSize() {
        assertThatThrownBy(() -> new WebFetch().run(json("{\"url\":\"" + url("/logo.png") + "\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("image/png").hasMessageContaining("1234 bytes");
    }

    @Test
    void decodesTheCharsetTheServerNames() throws Exception {
        String out = new WebFetch().run(json("{\"url\":\"" + url("/latin1.txt") + "\"}"), context());

        assertThat(out).endsWith("\n\ncaf\u00e9");
    }

    @Test
    void readsJsonOfAnyJsonType() throws Exception {
        String out = new WebFetch().run(json("{\"url\":\"" + url("/problem") + "\"}"), context());

        assertThat(out).startsWith("HTTP 200 ").endsWith("{\"title\":\"Out of stock\"}");
    }

    @Test
    @Timeout(30)
    void aBodyThatStallsTimesOut() {
        assertThatThrownBy(() -> new WebFetch(Duration.ofSeconds(2)).run(json("{\"url\":\"" + url("/stall") + "\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("timed out after 2 s");
    }

    @Test
    @Timeout(30)
    void cancelStopsABodyThatStalls() {
        AtomicBoolean cancelled = new AtomicBoolean();
        ToolContext context = new ToolContext(Workspace.of(root), s -> { }, () -> cancelled.get() || started.getCount() == 0);

        assertThatThrownBy(() -> new WebFetch().run(json("{\"url\":\"" + url("/stall") + "\"}"), context))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("cancelled");
    }
}

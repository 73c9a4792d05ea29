package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * web_fetch {url}: an HTTP GET whose body comes back as text, HTML reduced to its words. Only text
 * types are read; the whole request, body included, has a time limit and stops when cancelled.
 */
public final class WebFetch extends BuiltinTool {

    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int MAX_TEXT = 50_000;

    private final Duration timeout;
    /** Built on the first fetch: a client starts the JDK's HTTP and TLS stacks, which a chat that never fetches must not pay for. */
    private HttpClient client;

    public WebFetch() {
        this(Duration.ofSeconds(30));
    }

    WebFetch(Duration timeout) {
        super("web_fetch");
        this.timeout = timeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(10).compareTo(timeout) < 0 ? Duration.ofSeconds(10) : timeout).build();
        }
        return client;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        uri(requiredString(input, "url"));
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return List.of();
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        return "fetch " + input.path("url").asText();
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        URI uri = uri(requiredString(input, "url"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", "basalt web_fetch").GET().build();
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> call = client().sendAsync(request, info -> {
            body.set(new CappedBody());
            return body.get();
        });
        HttpResponse<byte[]> response = await(call, body, uri, context);
        String type = response.headers().firstValue("content-type").orElse("");
        String text = text(response.body(), type, uri, body.get().cut
                ? "more than " + MAX_BYTES + " bytes" : response.body().length + " bytes");
        if (type.contains("html") || (type.isEmpty() && text.stripLeading().startsWith("<"))) {
            text = HtmlText.of(text);
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "\n... (cut at " + MAX_TEXT + " characters)";
        }
        return "HTTP " + response.statusCode() + " " + uri + "\n\n" + text;
    }

    /** The response once its body is in, polling so that the time limit and a cancel are honoured while it arrives. */
    private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> call, AtomicReference<CappedBody> body,
            URI uri, ToolContext context) throws ToolFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (context.cancelled().getAsBoolean()) {
                    abort(call, body);
                    throw new ToolFailure("cancelled by the user while fetching " + uri);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abort(call, body);
                    throw timedOut(uri);
                }
                try {
                    return call.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException notYet) {
                    // poll again
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(uri);
            }
            throw new ToolFailure("cannot fetch " + uri + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        } catch (InterruptedException e) {
            abort(call, body);
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted");
        }
    }

    private ToolFailure timedOut(URI uri) {
        return new ToolFailure("timed out after " + timeout.toSeconds() + " s fetching " + uri);
    }

    private static void abort(CompletableFuture<?> call, AtomicReference<CappedBody> body) {
        CappedBody started = body.get();
        if (started != null) {
            started.cancel();
        }
        call.cancel(true);
    }

    /**
     * The body as text: a text type in the charset it names (UTF-8 if none); with no type, whatever
     * reads as text; anything else is refused, as its bytes would reach the model as mojibake.
     */
    static String text(byte[] body, String contentType, URI uri, String size) throws ToolFailure {
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            FileContent content = FileContent.of(body);
            if (content instanceof FileContent.Text text) {
                return text.text();
            }
            throw new ToolFailure(uri + " has no content type and its " + size + " look binary; web_fetch reads only text");
        }
        if (!textual(mediaType)) {
            throw new ToolFailure(uri + " is " + mediaType + ", " + size + "; web_fetch reads only text (text/*, JSON, XML, JavaScript)");
        }
        return new String(body, charset(parts));
    }

    static boolean textual(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.equals("application/json") || mediaType.equals("application/xml")
                || mediaType.endsWith("+json") || mediaType.endsWith("+xml") || mediaType.contains("javascript");
    }

    private static Charset charset(String[] contentTypeParts) {
        for (int i = 1; i < contentTypeParts.length; i++) {
            String[] parameter = contentTypeParts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")) {
                try {
                    return Charset.forName(parameter[1].strip().replace("\"", ""));
                } catch (IllegalArgumentException unknown) {
                    break;   // an unknown charset: UTF-8 is the likeliest
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Collects at most {@link #MAX_BYTES} of the body, then stops reading; cancel stops it at once. */
    static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;
        private volatile boolean cut;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = Math.min(buffer.remaining(), MAX_BYTES - bytes.size());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
                if (buffer.hasRemaining()) {
                    cut = true;
                    subscription.cancel();
                    result.complete(bytes.toByteArray());
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.cancel(false);
        }
    }

    private static URI uri(String url) throws ToolFailure {
        try {
            URI uri = URI.create(url.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ToolFailure("only http:// and https:// URLs can be fetched: " + url);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("not a URL: " + url);
        }
    }

    /** Enough of HTML to read it: scripts and styles dropped, tags removed, entities and blank runs tidied. */
    static final class HtmlText {
        private HtmlText() {
        }

        static String of(String html) {
            String text = html.replaceAll("(?is)<(script|style|noscript)[^>]*>.*?</\\1>", " ")
                    .replaceAll("(?i)<br\\s*/?>|</(p|div|li|h[1-6]|tr)>", "\n")
                    .replaceAll("(?s)<[^>]+>", "")
                    .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
            return text.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n\n").strip();
        }
    }
}

package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** web_fetch {url}: an HTTP GET whose body comes back as text, HTML reduced to its words. */
public final class WebFetch extends BuiltinTool {

    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int MAX_TEXT = 50_000;

    public WebFetch() {
        super("web_fetch");
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
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "basalt web_fetch").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES);
            }
            String type = response.headers().firstValue("content-type").orElse("");
            String text = new String(body, StandardCharsets.UTF_8);
            if (type.contains("html") || text.stripLeading().startsWith("<")) {
                text = HtmlText.of(text);
            }
            if (text.length() > MAX_TEXT) {
                text = text.substring(0, MAX_TEXT) + "\n... (cut at " + MAX_TEXT + " characters)";
            }
            return "HTTP " + response.statusCode() + " " + uri + "\n\n" + text;
        } catch (IOException e) {
            throw new ToolFailure("cannot fetch " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted");
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

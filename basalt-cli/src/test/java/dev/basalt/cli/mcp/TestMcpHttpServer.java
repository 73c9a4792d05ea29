package dev.basalt.cli.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The test tools of {@link TestMcpServer} served over HTTP by the SDK's own server transports in an
 * embedded Tomcat on a free port: MCP's streamable HTTP at {@code /mcp}, or the older SSE transport
 * at {@code /sse}. With a token, requests without {@code Authorization: Bearer <token>} get 401, as
 * a hosted server answers them.
 */
public final class TestMcpHttpServer implements AutoCloseable {

    /** Held so the setting stays: Tomcat's warnings about the SDK's threads at stop are not the test's business. */
    private static final Logger TOMCAT = Logger.getLogger("org.apache");

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final String url;
    /** The Authorization header of every request received (empty when there was none). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    private TestMcpHttpServer(McpServerConfig.Protocol protocol, String token) throws Exception {
        TOMCAT.setLevel(Level.SEVERE);
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpServlet servlet;
        String path;
        if (protocol == McpServerConfig.Protocol.SSE) {
            HttpServletSseServerTransportProvider transport = HttpServletSseServerTransportProvider.builder()
                    .jsonMapper(json).sseEndpoint("/sse").messageEndpoint("/message").build();
            server = TestMcpServer.withTools(McpServer.sync(transport), json).build();
            servlet = transport;
            path = "/sse";
        } else {
            HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                    .jsonMapper(json).mcpEndpoint("/mcp").build();
            server = TestMcpServer.withTools(McpServer.sync(transport), json).build();
            servlet = transport;
            path = "/mcp";
        }
        tomcat = new Tomcat();
        Path base = Files.createTempDirectory("basalt-mcp-tomcat");
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "mcp", servlet).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        FilterDef auth = new FilterDef();
        auth.setFilterName("auth");
        auth.setFilter(authorization(token));
        auth.setAsyncSupported("true");
        context.addFilterDef(auth);
        FilterMap everything = new FilterMap();
        everything.setFilterName("auth");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        tomcat.start();
        url = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path;
    }

    /** Starts a server of the tools on {@code protocol}; a null token lets every request in. */
    public static TestMcpHttpServer start(McpServerConfig.Protocol protocol, String token) throws Exception {
        return new TestMcpHttpServer(protocol, token);
    }

    private Filter authorization(String token) {
        return (request, response, chain) -> {
            String given = ((HttpServletRequest) request).getHeader("Authorization");
            authorizations.add(given == null ? "" : given);
            if (token != null && !("Bearer " + token).equals(given)) {
                ((HttpServletResponse) response).sendError(401, "a bearer token is required");
                return;
            }
            chain.doFilter(request, response);
        };
    }

    /** The URL a client's settings name. */
    public String url() {
        return url;
    }

    @Override
    public void close() throws LifecycleException {
        server.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }
}

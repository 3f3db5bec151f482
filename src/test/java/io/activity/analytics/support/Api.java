package io.activity.analytics.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for end-to-end tests: real requests through every filter of the service. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElse(null);
        }

        /** Every value of a header that may be sent more than once (Vary). */
        public List<String> values(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public String base() {
        return base;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, json(body), "application/json");
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, json(body), "application/json");
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, json(body), "application/json");
    }

    public static String json(Object body) {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    public Response send(String method, String path, String token, String body, String contentType, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends the request target exactly as given, over a plain socket: java.net.URI (and so
     * HttpClient) refuses malformed escapes such as {@code %ZZ}, which are what some tests send.
     * HTTP/1.0, so the answer is neither chunked nor kept alive.
     */
    public Response raw(String method, String target, String token) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
        if (token != null) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        request.append("\r\n");
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.computeIfAbsent(head[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(head[i].substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(end + 4));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

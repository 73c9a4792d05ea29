package dev.basalt.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SigV4 canonical request of an {@link IncomingRequest}, as Bedrock's signers build it.
 *
 * <p>The canonical URI encodes each raw path segment again: clients sign the path they send, and
 * every non-S3 signer escapes it once more, so a model id sent as {@code v1%3A0} is signed as
 * {@code v1%253A0} and one sent as {@code v1:0} as {@code v1%3A0} (all seen in the conformance
 * captures). Dot segments are not normalised: no Bedrock path has them.
 */
record CanonicalRequest(String method, String uri, String query, String headers, String signedHeaders,
                        String payloadHash) {

    /** The canonical request of {@code request} over exactly {@code signedHeaders}. */
    static CanonicalRequest of(IncomingRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders) {
            headers.append(name).append(':').append(canonicalHeaderValue(request, name)).append('\n');
        }
        return new CanonicalRequest(request.method(), canonicalUri(request.rawPath()), canonicalQuery(request.rawQuery()),
                headers.toString(), String.join(";", signedHeaders), payloadHash);
    }

    /** The text that is hashed into the string to sign. */
    String text() {
        return method + '\n' + uri + '\n' + query + '\n' + headers + '\n' + signedHeaders + '\n' + payloadHash;
    }

    static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return Arrays.stream(rawPath.split("/", -1)).map(CanonicalRequest::encode)
                .collect(Collectors.joining("/"));
    }

    /** Parameters decoded and encoded again the SigV4 way, sorted by name, then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String param : rawQuery.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            params.add(new String[] {encode(PercentDecoder.decode(name)), encode(PercentDecoder.decode(value))});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return params.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    /**
     * The header's canonical value: values trimmed, inner runs of spaces collapsed, repeats joined
     * by ','. HTTP/2 carries the host only as {@code :authority}, yet some clients (the AWS SDK
     * for Java) sign it as {@code host}; others sign {@code :authority} itself (the JS SDK).
     */
    private static String canonicalHeaderValue(IncomingRequest request, String name) {
        List<String> values = request.headerValues(name);
        if (values.isEmpty() && name.equals("host")) {
            values = request.headerValues(":authority");
        } else if (values.isEmpty() && name.equals(":authority")) {
            values = request.headerValues("host");
        }
        return values.stream().map(v -> v.trim().replaceAll(" {2,}", " ")).collect(Collectors.joining(","));
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes, leaving only A-Z a-z 0-9 - _ . ~ as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

package dev.basalt.emulator.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
 * Signature=...} header.
 *
 * @param signedHeaders lower-cased, in the order the client listed them (which SigV4 requires to be sorted)
 */
record SigV4Authorization(String accessKeyId, String date, String region, String service, String terminator,
                          List<String> signedHeaders, String signature) {

    static final String SCHEME = "AWS4-HMAC-SHA256";

    SigV4Authorization {
        signedHeaders = List.copyOf(signedHeaders);
    }

    String scope() {
        return date + "/" + region + "/" + service + "/" + terminator;
    }

    /**
     * Parses the header value; an incomplete one is refused the way AWS's front door does, with
     * 400 {@code IncompleteSignatureException} naming what is missing.
     */
    static SigV4Authorization parse(String header) {
        String rest = header.substring(SCHEME.length()).trim();
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : rest.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (parts.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (missing.length() > 0) {
            throw new BedrockErrorException(BedrockError.incompleteSignature(
                    missing + "Authorization=" + header));
        }
        String[] credential = parts.get("Credential").split("/", -1);
        if (credential.length != 5 || Arrays.stream(credential).anyMatch(String::isEmpty)) {
            throw new BedrockErrorException(BedrockError.incompleteSignature(
                    "Credential should be of the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request, not '"
                            + parts.get("Credential") + "'."));
        }
        List<String> signed = Arrays.stream(parts.get("SignedHeaders").split(";"))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        return new SigV4Authorization(credential[0], credential[1], credential[2], credential[3], credential[4],
                signed, parts.get("Signature"));
    }
}

package dev.basalt.cli;

import dev.basalt.emulator.Emulator;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The emulator started inside this process for `--local`, with a throw-away key pair so the real
 * SigV4 path is exercised even offline.
 */
record LocalEndpoint(Emulator emulator, String accessKeyId, String secretAccessKey) {

    static LocalEndpoint start() {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[8];
        byte[] secret = new byte[20];
        random.nextBytes(id);
        random.nextBytes(secret);
        String accessKeyId = "AKIALOCAL" + HexFormat.of().withUpperCase().formatHex(id);
        String secretAccessKey = HexFormat.of().formatHex(secret);
        Emulator emulator = Emulator.builder().port(0).credentials(accessKeyId, secretAccessKey).start();
        return new LocalEndpoint(emulator, accessKeyId, secretAccessKey);
    }

    URI endpoint() {
        return emulator.endpoint();
    }
}

package com.clips.auth.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The access-token signing keys of a node's data directory, and their rotation without downtime.
 * {@link TokenSigner} signs with the current private key; MicroProfile JWT verifies against the
 * set of every key still accepted, which {@code /auth/jwks} publishes.
 *
 * <p>Layout of the directory: {@code jwt-private.pem} (PKCS#8) and {@code jwt-public.pem} of the
 * current key, its kid in {@code jwt-kid}, one JWK per accepted key in {@code jwks.d/<kid>.json}
 * and the set of them in {@code jwks.json}. {@link #rotate} makes a new current key (kid
 * {@code clips-N+1}) and keeps the previous ones accepted; {@link #retire}, once the token lifetime
 * has passed, keeps only the current one.
 *
 * <p>Only JDK classes on purpose: the launcher runs this file as it is ({@code java SigningKeys.java
 * env|rotate|retire DIR}), before anything is built.
 */
public final class SigningKeys {

    /** Where a node finds its keys: the environment the launcher exports. */
    public record Settings(Path privateKey, String keyId, Path verificationSet) {

        public List<String> exports() {
            return List.of(
                    export("CLIPS_JWT_PRIVATE_KEY_LOCATION", privateKey.toString()),
                    export("CLIPS_JWT_KEY_ID", keyId),
                    export("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + verificationSet));
        }

        private static String export(String name, String value) {
            return "export " + name + "='" + value.replace("'", "'\\''") + "'";
        }
    }

    private static final String FIRST_KID = "clips-1";
    private static final Pattern KID = Pattern.compile("clips-(\\d+)");

    private SigningKeys() {}

    /** The keys of {@code dir}, made on first use; the verification set is rewritten from {@code jwks.d}. */
    public static Settings ensure(Path dir) {
        try {
            Files.createDirectories(dir.resolve("jwks.d"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(dir.resolve("jwt-private.pem"))) {
            newKey(dir, FIRST_KID);
        }
        var kid = currentKid(dir);
        var current = dir.resolve("jwks.d").resolve(kid + ".json");
        if (!Files.exists(current)) {
            write(current, jwk(readPublicKey(dir.resolve("jwt-public.pem")), kid));
        }
        return publish(dir, kid);
    }

    /** A new current key; every key accepted so far stays accepted. */
    public static Settings rotate(Path dir) {
        var previous = ensure(dir).keyId();
        var matcher = KID.matcher(previous);
        var next = matcher.matches() ? "clips-" + (Long.parseLong(matcher.group(1)) + 1) : previous + "-2";
        newKey(dir, next);
        return publish(dir, next);
    }

    /** Only the current key is accepted from each node's next start. */
    public static Settings retire(Path dir) {
        var kid = ensure(dir).keyId();
        for (var other : acceptedKeys(dir)) {
            if (!other.getFileName().toString().equals(kid + ".json")) {
                delete(other);
            }
        }
        return publish(dir, kid);
    }

    /** The kids {@code jwks.json} holds, in the order it holds them. */
    public static List<String> acceptedKids(Path dir) {
        return acceptedKeys(dir).stream()
                .map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                .toList();
    }

    private static void newKey(Path dir, String kid) {
        try {
            Files.createDirectories(dir.resolve("jwks.d"));
            restrict(dir, "rwx------");
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            // written beside, then moved: a node never reads half a key
            var privateKey = dir.resolve("jwt-private.new");
            write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            restrict(privateKey, "rw-------");
            write(dir.resolve("jwks.d").resolve(kid + ".json"), jwk((RSAPublicKey) pair.getPublic(), kid));
            write(
                    dir.resolve("jwt-public.pem"),
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.move(privateKey, dir.resolve("jwt-private.pem"), StandardCopyOption.REPLACE_EXISTING);
            write(dir.resolve("jwt-kid"), kid + "\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM can make an RSA key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Settings publish(Path dir, String kid) {
        var keys = new ArrayList<String>();
        for (var key : acceptedKeys(dir)) {
            keys.add(read(key).strip());
        }
        write(dir.resolve("jwks.json"), "{\"keys\":[" + String.join(",", keys) + "]}\n");
        return new Settings(dir.resolve("jwt-private.pem"), kid, dir.resolve("jwks.json"));
    }

    private static String currentKid(Path dir) {
        var file = dir.resolve("jwt-kid");
        return Files.exists(file) ? read(file).strip() : FIRST_KID;
    }

    /** {@code jwks.d}'s files, oldest kid first (clips-2 before clips-10). */
    private static List<Path> acceptedKeys(Path dir) {
        try (Stream<Path> files = Files.list(dir.resolve("jwks.d"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing((Path p) -> kidNumber(p)).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long kidNumber(Path jwk) {
        var matcher = KID.matcher(jwk.getFileName().toString().replaceFirst("\\.json$", ""));
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : Long.MAX_VALUE;
    }

    /** The public key as a JWK (RFC 7517, 7518 §6.3.1). */
    static String jwk(RSAPublicKey key, String kid) {
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}\n";
    }

    /** An unsigned big-endian integer, base64url without padding, as JWK wants it. */
    private static String base64Url(BigInteger value) {
        var bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static RSAPublicKey readPublicKey(Path pem) {
        var der = Base64.getDecoder()
                .decode(read(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pem + " holds no RSA public key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void restrict(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code env|rotate|retire DIR}: the launcher's entry; {@code env} prints shell exports. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SigningKeys env|rotate|retire DIR");
            System.exit(2);
        }
        var dir = Path.of(args[1]).toAbsolutePath();
        switch (args[0]) {
            case "env" -> ensure(dir).exports().forEach(System.out::println);
            case "rotate" -> {
                var settings = rotate(dir);
                System.err.println("tokens are signed with " + settings.keyId()
                        + " from each node's next start; accepted: " + String.join(" ", acceptedKids(dir)));
                System.err.println("restart the nodes one at a time (./clips down && ./clips up);"
                        + " after the token lifetime: ./clips retire-keys");
            }
            case "retire" -> {
                var settings = retire(dir);
                System.err.println("accepted from each node's next start: " + settings.keyId() + " only");
            }
            default -> {
                System.err.println("usage: SigningKeys env|rotate|retire DIR");
                System.exit(2);
            }
        }
    }
}

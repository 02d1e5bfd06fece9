package org.msrp4j.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.msrp4j.auth.Digest;
import org.msrp4j.relay.accounts.AccountSource;

/**
 * The accounts a relay accepts in AUTH (RFC 4976 §5): for each user name, the digest secret
 * {@code HA1 = MD5(user:realm:password)}. Immutable and thread-safe.
 *
 * <p>The users file has one account per line, {@code user:password} or {@code user:{HA1}hex}
 * where {@code hex} is the 32 hex digits of {@code MD5(user:realm:password)} for the relay's
 * realm (so the file need not hold passwords). The password is everything after the first colon.
 * Blank lines and lines starting with {@code #} are ignored. Example:
 *
 * <pre>
 * # msrp4j relay users
 * alice:secret
 * bob:{HA1}0d3a1c7e4fbb6f5b0f0d7a39b6a7d0b4
 * </pre>
 */
public final class RelayUsers implements AccountSource {

    /** The marker that says the rest of a users-file entry is an HA1, not a password. */
    public static final String HA1_MARKER = "{HA1}";

    private final Map<String, Secret> secrets;

    private record Secret(String password, String ha1) {
    }

    private RelayUsers(Map<String, Secret> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * No accounts: every AUTH fails.
     *
     * @return an empty set of accounts
     */
    public static RelayUsers none() {
        return new RelayUsers(Map.of());
    }

    /**
     * Accounts from user names and clear-text passwords.
     *
     * @param passwords user name to password
     * @return the accounts
     */
    public static RelayUsers ofPasswords(Map<String, String> passwords) {
        Map<String, Secret> m = new HashMap<>();
        passwords.forEach((u, p) -> m.put(checkUser(u), new Secret(Objects.requireNonNull(p, "password"), null)));
        return new RelayUsers(m);
    }

    /**
     * Reads a users file (format in the class comment).
     *
     * @param file a users file: {@code user:password} or {@code user:{HA1}hex} per line
     * @return the accounts it lists
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the line of a malformed entry
     */
    public static RelayUsers fromFile(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses the lines of a users file; {@code source} names it in errors.
     *
     * @param lines the file's lines, comments and blank lines included
     * @param source the file's name, for error messages
     * @return the accounts the lines list
     */
    public static RelayUsers parse(List<String> lines, String source) {
        Map<String, Secret> m = new HashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(source + ":" + number + ": expected user:password or user:"
                        + HA1_MARKER + "hex");
            }
            String user = line.substring(0, colon);
            String secret = line.substring(colon + 1);
            if (secret.startsWith(HA1_MARKER)) {
                String ha1 = secret.substring(HA1_MARKER.length()).toLowerCase(Locale.ROOT);
                if (!ha1.matches("[0-9a-f]{32}")) {
                    throw new IllegalArgumentException(source + ":" + number + ": an HA1 is 32 hex digits");
                }
                m.put(checkUser(user), new Secret(null, ha1));
            } else {
                m.put(checkUser(user), new Secret(secret, null));
            }
        }
        return new RelayUsers(m);
    }

    private static String checkUser(String user) {
        if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad user name: " + user);
        }
        return user;
    }

    /** The digest secret of {@code user} in {@code realm}, or empty for an unknown user. */
    @Override
    public Optional<String> ha1(String user, String realm) {
        Secret s = secrets.get(user);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(s.ha1 != null ? s.ha1 : Digest.ha1(user, realm, s.password));
    }

    /**
     * How many accounts there are.
     *
     * @return the number of accounts
     */
    public int size() {
        return secrets.size();
    }
}

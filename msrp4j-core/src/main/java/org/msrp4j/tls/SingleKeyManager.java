package org.msrp4j.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one {@link TlsCredentials} as client or server, whatever certificate authorities the
 * peer asks for, as long as the key fits the key type the handshake needs. Immutable; thread-safe.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "msrp4j";

    private final TlsCredentials credentials;
    private final X509Certificate[] chain;

    SingleKeyManager(TlsCredentials credentials) {
        this.credentials = credentials;
        this.chain = credentials.certificateChain().toArray(X509Certificate[]::new);
    }

    /**
     * Whether the key suits a JSSE key type: a key algorithm such as {@code "EC"} or {@code "RSA"},
     * or the TLS 1.2 form {@code "EC_RSA"} (key algorithm, then the algorithm that signed the
     * certificate), as the JDK's own key manager reads it.
     */
    private boolean fits(String keyType) {
        if (keyType == null) {
            return false;
        }
        String keyAlgorithm = keyType;
        String signedWith = null;
        int underscore = keyType.indexOf('_');
        if (underscore > 0) {
            keyAlgorithm = keyType.substring(0, underscore);
            signedWith = keyType.substring(underscore + 1);
        }
        if (!keyAlgorithm.equals(credentials.privateKey().getAlgorithm())) {
            return false;
        }
        return signedWith == null
                || chain[0].getSigAlgName().toUpperCase(Locale.ROOT)
                        .contains("WITH" + signedWith.toUpperCase(Locale.ROOT));
    }

    private String clientAlias(String[] keyTypes) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                if (fits(keyType)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return clientAlias(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return clientAlias(keyTypes);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? credentials.privateKey() : null;
    }
}

package org.msrp4j.connect;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that behaves as the one it wraps and remembers the last {@link SSLEngine}
 * it made, so that the TLS session of a {@code wss} connection opened by the JDK's HttpClient can be
 * had: {@code java.net.http.WebSocket} exposes neither its handshake response nor its session, but
 * the client makes the connection's engine with its context. A context serves one HttpClient, which
 * serves one WebSocket.
 */
final class EngineCapture extends SSLContext {

    private final Spi spi;

    private EngineCapture(Spi spi, SSLContext delegate) {
        super(spi, delegate.getProvider(), delegate.getProtocol());
        this.spi = spi;
    }

    /** A context that works as {@code delegate} and remembers its engines. */
    static EngineCapture of(SSLContext delegate) {
        return new EngineCapture(new Spi(delegate), delegate);
    }

    /** The session of the last engine made, once its handshake is done; else empty. */
    Optional<SSLSession> session() {
        SSLEngine engine = spi.last;
        if (engine == null) {
            return Optional.empty();
        }
        SSLSession session = engine.getSession();
        return session.isValid() && !"SSL_NULL_WITH_NULL_NULL".equals(session.getCipherSuite())
                ? Optional.of(session) : Optional.empty();
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private volatile SSLEngine last;

        Spi(SSLContext delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("this SSLContext wraps an initialised one");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine e = delegate.createSSLEngine();
            last = e;
            return e;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine e = delegate.createSSLEngine(host, port);
            last = e;
            return e;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}

package org.msrp4j.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialised {@link SSLContext} whose every socket, server socket and engine comes with MSRP's
 * settings already applied: TLS 1.3 and 1.2 only, client authentication wanted (server contexts),
 * endpoint identification (CA-validating client contexts). Callers may still change a socket's
 * settings afterwards. It cannot be initialised again. Thread-safe like any {@code SSLContext}.
 */
final class ConfiguredSslContext extends SSLContext {

    private ConfiguredSslContext(Spi spi, SSLContext delegate) {
        super(spi, delegate.getProvider(), delegate.getProtocol());
    }

    /**
     * Wraps an initialised context.
     *
     * @param wantClientAuth request (not require) a client certificate
     * @param endpointIdentification e.g. {@code "HTTPS"} to check the server's name, or null
     */
    static SSLContext wrap(SSLContext delegate, boolean wantClientAuth, String endpointIdentification) {
        String[] supported = delegate.getSupportedSSLParameters().getProtocols();
        String[] protocols = TlsContexts.PROTOCOLS.stream()
                .filter(p -> Arrays.asList(supported).contains(p))
                .toArray(String[]::new);
        return new ConfiguredSslContext(
                new Spi(delegate, new Settings(protocols, wantClientAuth, endpointIdentification)), delegate);
    }

    private record Settings(String[] protocols, boolean wantClientAuth, String endpointIdentification) {

        SSLParameters apply(SSLParameters parameters) {
            parameters.setProtocols(protocols.clone());
            if (wantClientAuth) {
                parameters.setWantClientAuth(true);
            }
            if (endpointIdentification != null) {
                parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
            }
            return parameters;
        }

        <S extends Socket> S apply(S socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setSSLParameters(apply(ssl.getSSLParameters()));
            }
            return socket;
        }

        <S extends ServerSocket> S apply(S socket) {
            if (socket instanceof SSLServerSocket ssl) {
                ssl.setSSLParameters(apply(ssl.getSSLParameters()));
            }
            return socket;
        }

        SSLEngine apply(SSLEngine engine) {
            engine.setSSLParameters(apply(engine.getSSLParameters()));
            return engine;
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final Settings settings;
        private final SSLSocketFactory socketFactory;
        private final SSLServerSocketFactory serverSocketFactory;

        Spi(SSLContext delegate, Settings settings) {
            this.delegate = delegate;
            this.settings = settings;
            this.socketFactory = new SocketFactory(delegate.getSocketFactory(), settings);
            this.serverSocketFactory = new ServerSocketFactory(delegate.getServerSocketFactory(), settings);
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("this SSLContext was initialised by TlsContexts and cannot be "
                    + "re-initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return socketFactory;
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return serverSocketFactory;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return settings.apply(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return settings.apply(delegate.createSSLEngine(host, port));
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
            return settings.apply(delegate.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            SSLParameters supported = delegate.getSupportedSSLParameters();
            supported.setProtocols(settings.protocols().clone());
            return supported;
        }
    }

    private static final class SocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final Settings settings;

        SocketFactory(SSLSocketFactory delegate, Settings settings) {
            this.delegate = delegate;
            this.settings = settings;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return settings.apply(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return settings.apply(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return settings.apply(delegate.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return settings.apply(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return settings.apply(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return settings.apply(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return settings.apply(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class ServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;
        private final Settings settings;

        ServerSocketFactory(SSLServerSocketFactory delegate, Settings settings) {
            this.delegate = delegate;
            this.settings = settings;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return settings.apply(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return settings.apply(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return settings.apply(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            return settings.apply(delegate.createServerSocket(port, backlog, ifAddress));
        }
    }
}

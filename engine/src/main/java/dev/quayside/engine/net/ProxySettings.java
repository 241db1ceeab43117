package dev.quayside.engine.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl and the AWS CLI read them (either case), taken from the
 * environment we are given. Loopback is never proxied.
 */
public final class ProxySettings {
    private final URI httpsProxy;
    private final URI httpProxy;
    private final List<String> noProxy;

    private ProxySettings(URI httpsProxy, URI httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = List.copyOf(noProxy);
    }

    public static ProxySettings fromEnvironment(Map<String, String> env) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : value(env, "NO_PROXY").orElse("").split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) {
                noProxy.add(e.startsWith("*.") ? e.substring(1) : e);
            }
        }
        return new ProxySettings(value(env, "HTTPS_PROXY").map(ProxySettings::uri).orElse(null),
                value(env, "HTTP_PROXY").map(ProxySettings::uri).orElse(null), noProxy);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static URI uri(String value) {
        return URI.create(value.contains("://") ? value : "http://" + value);
    }

    /** The proxy for a URL, if any. */
    public Optional<URI> proxyFor(URI target) {
        String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]")) {
            return Optional.empty();
        }
        for (String n : noProxy) {
            if (n.equals("*") || host.equals(n) || (n.startsWith(".") ? host.endsWith(n) : host.endsWith("." + n))) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable("https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy);
    }

    public Optional<ProxySelector> selector() {
        if (httpsProxy == null && httpProxy == null) {
            return Optional.empty();
        }
        return Optional.of(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return proxyFor(uri)
                        .map(p -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), p.getPort() < 0 ? 80 : p.getPort()))))
                        .orElse(List.of(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // The HTTP client reports the failure itself.
            }
        });
    }
}

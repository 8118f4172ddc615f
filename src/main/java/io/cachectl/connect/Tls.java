package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS socket factories: JVM trust store, a private CA (PEM), or no verification (--insecure). */
final class Tls {
    private Tls() {
    }

    static SSLSocketFactory socketFactory(Path caCert, boolean insecure) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (insecure) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            } else if (caCert != null) {
                ctx.init(null, fromPem(caCert).getTrustManagers(), new SecureRandom());
            } else {
                return (SSLSocketFactory) SSLSocketFactory.getDefault();
            }
            return ctx.getSocketFactory();
        } catch (CachectlException e) {
            throw e;
        } catch (Exception e) {
            throw CachectlException.usage("cannot set up TLS: " + e.getMessage());
        }
    }

    /** Hostname/IP checking on, unless --insecure. */
    static SSLParameters parameters(boolean insecure) {
        SSLParameters p = new SSLParameters();
        if (!insecure) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return p;
    }

    private static TrustManagerFactory fromPem(Path pem) throws Exception {
        if (!Files.isReadable(pem)) {
            throw CachectlException.usage("cannot read --tls-ca-cert " + pem + ": no such readable file");
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw CachectlException.usage("--tls-ca-cert " + pem + " holds no PEM certificate");
            }
        } catch (java.security.cert.CertificateException e) {
            throw CachectlException.usage("--tls-ca-cert " + pem + " is not a PEM certificate: " + e.getMessage());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package io.eventpipelines.sqlrunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Init-container entry point of the self-hosted flavor: copies one key of the job's Strimzi {@code KafkaUser} Secret,
 * which lives in the Kafka cluster's namespace, into a Java properties file in the pod, where the Kafka client's
 * {@code FileConfigProvider} reads it ({@code sasl.jaas.config=${file:<file>:sasl.jaas.config}}). Kubernetes cannot
 * mount a Secret of another namespace; the pod's own service account may {@code get} exactly that Secret.
 *
 * <p>Only the JDK: the API server from {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}, the service account token and CA
 * from the projected volume. The user operator creates the Secret shortly after the KafkaUser, so a missing Secret
 * (404) is retried with backoff for {@code --wait-seconds}; any other failure ends the container with a message.
 *
 * <p>Usage: {@code KafkaCredentials --namespace NS --secret NAME --key KEY --out FILE [--wait-seconds N]}
 */
public final class KafkaCredentials {

    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

    private KafkaCredentials() {
    }

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv("KUBERNETES_SERVICE_PORT");
        if (host == null || port == null) {
            fail("KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set: not running in a Kubernetes pod");
        }
        Path accountDir = Paths.get(System.getProperty("kafka.credentials.serviceAccountDir", SERVICE_ACCOUNT_DIR));
        String token = Files.readString(accountDir.resolve("token"), StandardCharsets.UTF_8).trim();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(accountDir.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        URI uri = secretUri(host, port, a.namespace, a.secret);
        long deadline = System.nanoTime() + Duration.ofSeconds(a.waitSeconds).toNanos();
        long backoffMillis = 1000;
        while (true) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 200) {
                write(Paths.get(a.out), a.key, dataValue(response.body(), a.key));
                System.out.println("wrote " + a.key + " of secret " + a.namespace + "/" + a.secret + " to " + a.out);
                return;
            }
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                fail("GET secret " + a.namespace + "/" + a.secret + " answered " + response.statusCode()
                        + (response.statusCode() == 404 ? " after waiting " + a.waitSeconds + " s (is the KafkaUser ready?)" : ": " + response.body()));
            }
            System.out.println("secret " + a.namespace + "/" + a.secret + " not there yet; retrying in " + backoffMillis + " ms");
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, 15_000);
        }
    }

    /** {@code https://host:port/api/v1/namespaces/<ns>/secrets/<name>} (IPv6 hosts in brackets). */
    static URI secretUri(String host, String port, String namespace, String secret) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("https://" + h + ":" + port + "/api/v1/namespaces/" + namespace + "/secrets/" + secret);
    }

    /** The decoded value of {@code data.<key>} of a Secret's JSON; Kubernetes writes data values as plain base64. */
    static String dataValue(String secretJson, String key) {
        int data = secretJson.indexOf("\"data\"");
        if (data < 0) {
            throw new IllegalArgumentException("the secret has no data");
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"").matcher(secretJson);
        if (!m.find(data)) {
            throw new IllegalArgumentException("the secret has no key " + key);
        }
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    /** Java properties text with the one entry, escaped as {@link Properties} reads it back. */
    static String propertiesText(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Drop the timestamp comment: the file is the same for the same credentials.
        return out.toString().replaceFirst("^#[^\\n]*\\n", "");
    }

    private static void write(Path file, String key, String value) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".credentials", ".tmp");
        Files.writeString(tmp, propertiesText(key, value), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void fail(String message) {
        System.err.println("KafkaCredentials: " + message);
        System.exit(2);
    }

    /** Parsed command line. */
    static final class Arguments {
        String namespace;
        String secret;
        String key;
        String out;
        long waitSeconds = 300;

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value of " + args[i]);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--namespace": a.namespace = value; break;
                    case "--secret": a.secret = value; break;
                    case "--key": a.key = value; break;
                    case "--out": a.out = value; break;
                    case "--wait-seconds": a.waitSeconds = Long.parseLong(value); break;
                    default: throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: --namespace NS --secret NAME --key KEY --out FILE [--wait-seconds N]");
                }
            }
            if (a.namespace == null || a.secret == null || a.key == null || a.out == null) {
                throw new IllegalArgumentException("usage: --namespace NS --secret NAME --key KEY --out FILE [--wait-seconds N]");
            }
            return a;
        }
    }
}

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The direct baseline of bench/upload.py: an S3 multipart upload of a local file straight to the
 * stack's S3 server, with the server's own client set-up (AWS SDK v2, URLConnection client,
 * path-style, checksums WHEN_REQUIRED) and its part size. Driven over stdin so one warm JVM serves
 * every interleaved run:
 *   upload FILE KEY IN_FLIGHT   ->  "ok SECONDS" (create .. complete; the object is deleted after)
 *   quit
 * IN_FLIGHT 1 sends the parts one after another (what the server does with a request stream);
 * more keeps that many parts in flight (what a transfer manager or `aws s3 cp` does).
 * Env: S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, PART_SIZE_BYTES.
 */
public class S3Direct {

    public static void main(String[] args) throws Exception {
        var env = System.getenv();
        int partSize = Integer.parseInt(env.getOrDefault("PART_SIZE_BYTES", String.valueOf(8 << 20)));
        String bucket = env.getOrDefault("S3_BUCKET", "clips");
        try (var s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(env.getOrDefault("S3_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.get("S3_ACCESS_KEY"), env.get("S3_SECRET_KEY"))))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(URI.create(env.getOrDefault("S3_ENDPOINT", "http://127.0.0.1:9000")))
                .build()) {
            var in = new BufferedReader(new InputStreamReader(System.in));
            System.out.println("ready");
            for (String line; (line = in.readLine()) != null; ) {
                var words = line.trim().split("\\s+");
                if (words[0].equals("quit")) {
                    break;
                }
                if (!words[0].equals("upload") || words.length != 4) {
                    System.out.println("error usage: upload FILE KEY IN_FLIGHT");
                    continue;
                }
                try {
                    long started = System.nanoTime();
                    upload(s3, bucket, words[1], words[2], Integer.parseInt(words[3]), partSize);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    s3.deleteObject(b -> b.bucket(bucket).key(words[2]));
                    System.out.printf("ok %.4f%n", seconds);
                } catch (Exception e) {
                    System.out.println("error " + e.toString().replace('\n', ' '));
                }
            }
        }
    }

    static void upload(S3Client s3, String bucket, String file, String key, int inFlight, int partSize)
            throws Exception {
        var uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("video/mp4")).uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try (var raf = new RandomAccessFile(file, "r")) {
            long size = raf.length();
            int count = (int) ((size + partSize - 1) / partSize);
            List<Future<CompletedPart>> parts = new ArrayList<>();
            // one buffer per in-flight part, as the server holds one per upload
            var buffers = new java.util.concurrent.ArrayBlockingQueue<byte[]>(inFlight);
            for (int i = 0; i < inFlight; i++) {
                buffers.add(new byte[partSize]);
            }
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long offset = (long) i * partSize;
                int length = (int) Math.min(partSize, size - offset);
                byte[] buffer = buffers.take();
                synchronized (raf) {
                    raf.seek(offset);
                    raf.readFully(buffer, 0, length);
                }
                parts.add(pool.submit(() -> {
                    try {
                        var etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                                RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag();
                        return CompletedPart.builder().partNumber(number).eTag(etag).build();
                    } finally {
                        buffers.add(buffer);
                    }
                }));
            }
            var completed = new ArrayList<CompletedPart>();
            for (var part : parts) {
                completed.add(part.get());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
        } catch (Exception e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }
}

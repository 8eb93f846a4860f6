package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.client.ApiClient;
import com.clips.client.ApiException;
import com.clips.client.api.AssetsApi;
import com.clips.client.api.AuthApi;
import com.clips.client.api.CatalogApi;
import com.clips.client.api.OperationsApi;
import com.clips.client.model.AssetView;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client that openapi-generator makes from the document in the build (module
 * clips-client), used as an integrator would: a token from the client credentials, multipart
 * uploads, the catalog filtered, sorted and paged, and a failed processing job read and restarted.
 * Nothing here talks HTTP itself.
 */
@ExtendWith(ArquillianExtension.class)
class ClientSdkIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void theGeneratedJavaClientGetsATokenUploadsSearchesAndRestartsAJob() throws Exception {
        var credentials = TestStack.bootstrapCredentials();
        var client = new ApiClient();
        client.updateBaseUri(TestStack.ROOT);

        var token = new AuthApi(client)
                .getToken(AuthApi.APIGetTokenRequest.newBuilder()
                        .grantType("client_credentials")
                        .clientId(credentials.getProperty("CLIPS_CLIENT_ID"))
                        .clientSecret(credentials.getProperty("CLIPS_CLIENT_SECRET"))
                        .build());
        assertThat(token.getTokenType()).isEqualTo("Bearer");
        assertThat(token.getExpiresIn()).isPositive();
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token.getAccessToken()));

        // two clips of one session, uploaded as multipart forms
        var assets = new AssetsApi(client);
        var session = "sdk-" + UUID.randomUUID();
        var first = assets.uploadAsset(AssetsApi.APIUploadAssetRequest.newBuilder()
                ._file(TestStack.h264Clip("sdk-a.mp4", 320, 240, 30, 2).toFile())
                .title("SDK clip A")
                .sessionId(session)
                .tags("sdk,first")
                .build());
        var second = assets.uploadAsset(AssetsApi.APIUploadAssetRequest.newBuilder()
                ._file(TestStack.h264Clip("sdk-b.mp4", 320, 240, 25, 2).toFile())
                .title("SDK clip B")
                .sessionId(session)
                .visibility("private")
                .build());
        assertThat(first.getSessionId()).isEqualTo(session);
        assertThat(first.getTags()).containsExactlyInAnyOrder("sdk", "first");
        assertThat(second.getId()).isNotEqualTo(first.getId());

        // the catalog, filtered by session, sorted by title descending, one clip a page
        var catalog = new CatalogApi(client);
        var page1 = catalog.searchAssets(CatalogApi.APISearchAssetsRequest.newBuilder()
                .sessionId(session)
                .sort("title")
                .order("desc")
                .pageSize(1)
                .build());
        assertThat(page1.getTotal()).isEqualTo(2L);
        assertThat(page1.getItems()).extracting(AssetView::getId).containsExactly(second.getId());
        var page2 = catalog.searchAssets(CatalogApi.APISearchAssetsRequest.newBuilder()
                .sessionId(session)
                .sort("title")
                .order("desc")
                .pageSize(1)
                .page(2)
                .build());
        assertThat(page2.getItems()).extracting(AssetView::getId).containsExactly(first.getId());
        var tagged = catalog.searchAssets(CatalogApi.APISearchAssetsRequest.newBuilder()
                .sessionId(session)
                .tags(java.util.List.of("first"))
                .build());
        assertThat(tagged.getItems()).extracting(AssetView::getId).containsExactly(first.getId());

        // a file that looks like MP4 but is not one: accepted, then its job fails; read it, restart it
        var broken = Files.createTempFile("sdk-broken", ".mp4");
        var bytes = new byte[64 * 1024];
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, bytes, 0, 12);
        Files.write(broken, bytes);
        var failing = assets.uploadAsset(AssetsApi.APIUploadAssetRequest.newBuilder()
                ._file(broken.toFile())
                .title("SDK broken")
                .build());
        var failed = await(assets, failing.getId(), "FAILED");
        var operations = new OperationsApi(client);
        var job = operations.getJob(String.valueOf(failed.getJobId()));
        assertThat(job.getStatus()).isEqualTo("FAILED");
        var restarted = operations.restartJob(String.valueOf(failed.getJobId()));
        assertThat(restarted.getRestartedFrom()).isEqualTo(failed.getJobId());
        assertThat(restarted.getId()).isNotEqualTo(failed.getJobId());
        assertThat(operations.getJob(String.valueOf(restarted.getId())).getId()).isEqualTo(restarted.getId());

        // errors arrive as the client's ApiException carrying the problem document
        try {
            operations.getJob("999999999");
            throw new AssertionError("a job that does not exist was found");
        } catch (ApiException e) {
            assertThat(e.getCode()).isEqualTo(404);
            assertThat(e.getResponseBody()).contains("/problems/not-found");
        }
    }

    private static AssetView await(AssetsApi assets, UUID id, String status) throws Exception {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            var asset = assets.getAsset(id.toString());
            if (status.equals(asset.getStatus())) {
                return asset;
            }
            assertThat(Instant.now())
                    .as("asset " + id + " still " + asset.getStatus())
                    .isBefore(deadline);
            Thread.sleep(500);
        }
    }
}

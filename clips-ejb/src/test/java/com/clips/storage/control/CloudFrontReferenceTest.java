package com.clips.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.model.CannedSignerRequest;

/**
 * Our signer against two references, with a fixed key pair (src/test/resources/cloudfront, made for
 * this test only) and the example values of CloudFront's developer guide for canned policies: the
 * distribution {@code d111111abcdef8.cloudfront.net}, key pair id {@code K2JCJMDEHXQW5F}, expiry
 * 1357034400 (2013-01-01T10:00:00Z). RSA-SHA1 with PKCS#1 v1.5 padding is deterministic, so a
 * signature is a known answer: the expected ones were made with {@code openssl dgst -sha1 -sign}
 * over the canned policy, base64 with {@code + = /} replaced by {@code - _ ~}. (The guide's own
 * example signature cannot be checked: its private key is not published.)
 */
class CloudFrontReferenceTest {

    private static final Path KEY = Path.of("src/test/resources/cloudfront/private_key.pem");
    private static final Instant EXPIRES = Instant.ofEpochSecond(1357034400L);
    private static final String KEY_PAIR_ID = "K2JCJMDEHXQW5F";

    @Test
    void aUrlWithAQueryGetsTheDocumentedParametersAfterItsOwnWithOpensslsSignature() {
        var url = "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium";
        assertThat(new CloudFrontSigner(KEY_PAIR_ID, KEY)
                        .sign(URI.create(url), EXPIRES)
                        .toString())
                .isEqualTo(url + "&Expires=1357034400&Signature="
                        + "Oy6yQK9jW7YgIQxzFac1kauxI5IThTVuGN~Uw549FP61cfqtk9Aoe4SxneT-IpHKKqNuBONPShvitrTQdnnmuarl"
                        + "xFxJ1uVrb6ea-cBNiHlEyLWLKNihox8WKsqirx7moFZGbR2z32L0ZpKA4joPhenmUOgUzba59DJZuWZ1O8~ysJ5B"
                        + "JKW-LZl2FVtTW3CJVpTJfvTNoO7KMC-p1x9fBjINGoNRPUDXyH4dRz3~gS~DDTv9RYsimnEts9WDbWiAz23E9jRaDP"
                        + "z~K12~1Ls-Y0vlCu9n83AVukCZhIoOwaPiaBbmZ3NS3OsDOAf76LeZ~-4K9fOPFN66DEHPRZ8ezg__"
                        + "&Key-Pair-Id=K2JCJMDEHXQW5F");
    }

    @Test
    void aSegmentUrlIsSignedExactlyAsOpensslAndTheSdksCloudFrontUtilitiesSignIt() throws Exception {
        var url = "https://d111111abcdef8.cloudfront.net/renditions/acme/a1/720p/seg_00001.m4s";
        var ours = new CloudFrontSigner(KEY_PAIR_ID, KEY)
                .sign(URI.create(url), EXPIRES)
                .toString();
        var sdk = CloudFrontUtilities.create()
                .getSignedUrlWithCannedPolicy(CannedSignerRequest.builder()
                        .resourceUrl(url)
                        .privateKey(KEY)
                        .keyPairId(KEY_PAIR_ID)
                        .expirationDate(EXPIRES)
                        .build())
                .url();
        assertThat(ours)
                .isEqualTo(sdk)
                .isEqualTo(url + "?Expires=1357034400&Signature="
                        + "qdFybYEXceAXTZas-jwuoaXzKEYznFQVBYd0pACpHyREUbPogbHKYlJzDhmOPC6DeVMh4JddrKeZ7sv5HMzSCEm3"
                        + "naKbY-tCbeko-jylpI4G47wQfQNpeEQr8O0sJR54tb-e2gFH-LtUm0dlQHr1lGKZ3f7MLqT3l2YP8E89TqU~~R17"
                        + "621TCTumI5xEZ5s8kX4lO2Y1wMGIgs0LvdZf7E9vTZTFvhK5jshygMI4tqEtn4JrUgFVepLacLHbCHs7sHy9Yb9L6"
                        + "vLMMP0ymP69GsOnUcWEQyHp8VnrmvvQBvzxlduWmsS6rmBFKRodDP5txLEgHByhphSZc-ncBhhlgw__"
                        + "&Key-Pair-Id=K2JCJMDEHXQW5F");
    }
}

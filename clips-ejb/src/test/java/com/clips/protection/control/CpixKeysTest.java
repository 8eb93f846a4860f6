package com.clips.protection.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The CPIX provider against a key server faked at its boundary (a JDK HTTP server that answers as
 * a CPIX service does): the request names the content, the new key ID and the signalled systems;
 * the answer's PlainValue is the key; anything else is refused with a reason.
 */
class CpixKeysTest {

    private static final UUID ASSET = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID KID = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

    @Test
    void theKeyServerIsAskedInCpixAndItsPlainValueIsTheKey() throws Exception {
        var asked = new AtomicReference<String>();
        var authorization = new AtomicReference<String>();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cpix", exchange -> {
            asked.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            var body = answer(KID, "ABEiM0RVZneImaq7zN3u/w==").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var provider = new CpixKeys(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cpix"), "Bearer k3y");
            var key = provider.contentKey("acme", ASSET, KID);
            assertThat(HexFormat.of().formatHex(key)).isEqualTo("00112233445566778899aabbccddeeff");
            assertThat(authorization.get()).isEqualTo("Bearer k3y");
            var request = DocumentBuilderFactory.newDefaultNSInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(asked.get().getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            assertThat(request.getNamespaceURI()).isEqualTo("urn:dashif:org:cpix");
            assertThat(request.getAttribute("contentId")).isEqualTo(ASSET.toString());
            var keys = request.getElementsByTagNameNS(CpixKeys.CPIX, "ContentKey");
            assertThat(keys.getLength()).isEqualTo(1);
            assertThat(((Element) keys.item(0)).getAttribute("kid")).isEqualTo(KID.toString());
            assertThat(((Element) keys.item(0)).getAttribute("commonEncryptionScheme"))
                    .isEqualTo("cbcs");
            var systems = request.getElementsByTagNameNS(CpixKeys.CPIX, "DRMSystem");
            assertThat(systems.getLength()).isEqualTo(3);
            assertThat(((Element) systems.item(0)).getAttribute("systemId"))
                    .isEqualTo("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerWithoutThePlainKeyOrOfAnotherKeyOrNotXmlIsRefused() {
        var other = UUID.randomUUID();
        assertThatThrownBy(() ->
                        CpixKeys.key(answer(other, "ABEiM0RVZneImaq7zN3u/w==").getBytes(), KID))
                .hasMessage("the CPIX answer has no content key " + KID);
        var wrapped = answer(KID, "x").replace("<pskc:PlainValue>x</pskc:PlainValue>", "<pskc:EncryptedValue/>");
        assertThatThrownBy(() -> CpixKeys.key(wrapped.getBytes(), KID))
                .hasMessage("the CPIX answer has no PlainValue for key " + KID + " (wrapped keys are not taken)");
        assertThatThrownBy(() -> CpixKeys.key(answer(KID, "AAEC").getBytes(), KID))
                .hasMessage("the CPIX key " + KID + " is not 16 bytes");
        assertThatThrownBy(() -> CpixKeys.key(
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes(), KID))
                .hasMessageStartingWith("the CPIX answer cannot be read: ");
    }

    private static String answer(UUID kid, String value) {
        return "<?xml version=\"1.0\"?><cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\""
                + " xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\"><cpix:ContentKeyList><cpix:ContentKey kid=\""
                + kid + "\"><cpix:Data><pskc:Secret><pskc:PlainValue>" + value
                + "</pskc:PlainValue></pskc:Secret></cpix:Data></cpix:ContentKey></cpix:ContentKeyList></cpix:CPIX>";
    }
}

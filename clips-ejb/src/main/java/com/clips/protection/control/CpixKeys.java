package com.clips.protection.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A commercial key server's keys, asked for in a CPIX document (DASH-IF Content Protection
 * Information Exchange, the shape SPEKE v2 and most DRM services take): Clips POSTs a
 * {@code cpix:CPIX} naming the asset as {@code contentId} and the new key ID in its
 * {@code ContentKeyList}, with a {@code DRMSystem} per system it signals (Widevine, PlayReady,
 * ClearKey); the server answers with the same document, the key's value in
 * {@code cpix:Data/pskc:Secret/pskc:PlainValue} (base64). Keys wrapped with a document key
 * ({@code EncryptedValue}) are not taken: use TLS to the key server. The licences for these keys
 * come from the key server's own licence service, not from Clips' ClearKey endpoint.
 */
public final class CpixKeys implements KeyProvider {

    public static final String NAME = "cpix";
    static final String CPIX = "urn:dashif:org:cpix";
    static final String PSKC = "urn:ietf:params:xml:ns:keyprov:pskc";

    /** The system IDs Clips signals (Widevine, PlayReady, ClearKey), as CPIX names them. */
    static final String[] SYSTEMS = {
        "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",
        "9a04f079-9840-4286-ab92-e65be0885f95",
        "e2719d58-a985-b3c9-781a-b030af78d30e"
    };

    private final URI server;
    private final String authorization;
    private final HttpClient http;

    public CpixKeys(URI server, String authorization) {
        this.server = server;
        this.authorization = authorization;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] contentKey(String tenantId, UUID assetId, UUID keyId) {
        var request = HttpRequest.newBuilder(server)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(request(assetId, keyId)));
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the CPIX key server answered " + response.statusCode());
            }
            return key(response.body(), keyId);
        } catch (IOException e) {
            throw new IllegalStateException("the CPIX key server cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the CPIX key server", e);
        }
    }

    /** The request document: the content, its one key ID, the systems it will be signalled for. */
    static String request(UUID assetId, UUID keyId) {
        try {
            var text = new StringWriter();
            var xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("cpix", "CPIX", CPIX);
            xml.writeNamespace("cpix", CPIX);
            xml.writeNamespace("pskc", PSKC);
            xml.writeAttribute("contentId", assetId.toString());
            xml.writeAttribute("version", "2.3");
            xml.writeStartElement("cpix", "ContentKeyList", CPIX);
            xml.writeEmptyElement("cpix", "ContentKey", CPIX);
            xml.writeAttribute("kid", keyId.toString());
            xml.writeAttribute("commonEncryptionScheme", "cbcs");
            xml.writeEndElement();
            xml.writeStartElement("cpix", "DRMSystemList", CPIX);
            for (var system : SYSTEMS) {
                xml.writeEmptyElement("cpix", "DRMSystem", CPIX);
                xml.writeAttribute("kid", keyId.toString());
                xml.writeAttribute("systemId", system);
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return text.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key of {@code keyId} in a CPIX answer. */
    static byte[] key(byte[] document, UUID keyId) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            var root = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(document))
                    .getDocumentElement();
            var keys = root.getElementsByTagNameNS(CPIX, "ContentKey");
            for (int i = 0; i < keys.getLength(); i++) {
                var key = (Element) keys.item(i);
                if (!keyId.toString().equalsIgnoreCase(key.getAttribute("kid"))) {
                    continue;
                }
                var values = key.getElementsByTagNameNS(PSKC, "PlainValue");
                if (values.getLength() == 0) {
                    throw new IllegalStateException(
                            "the CPIX answer has no PlainValue for key " + keyId + " (wrapped keys are not taken)");
                }
                var bytes = Base64.getMimeDecoder()
                        .decode(values.item(0).getTextContent().strip());
                if (bytes.length != 16) {
                    throw new IllegalStateException("the CPIX key " + keyId + " is not 16 bytes");
                }
                return bytes;
            }
            throw new IllegalStateException("the CPIX answer has no content key " + keyId);
        } catch (ParserConfigurationException | SAXException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the CPIX answer cannot be read: " + e.getMessage(), e);
        }
    }
}

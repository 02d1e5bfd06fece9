package org.msrp4j.chat.payload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.msrp4j.cpim.Rfc3339;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads small XML documents from peers safely, and writes the text of the ones we send.
 *
 * <p>The JDK's own parser ({@link DocumentBuilderFactory#newDefaultInstance()}, whatever else is on
 * the class path) with DOCTYPE declarations refused: no DTD is loaded, no entity is declared, so
 * none is expanded (billion laughs) or fetched (XXE). Secure processing is on, external access off,
 * and element depth is capped.
 */
final class SafeXml {

    private static final int MAX_ELEMENT_DEPTH = 64;

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SafeXml() {
    }

    /**
     * Parses a document and returns its root element, checked to be {@code rootName} in
     * {@code namespace}.
     */
    static Element parseRoot(byte[] bytes, String namespace, String rootName) throws PayloadException {
        Document document;
        try {
            DocumentBuilder builder = newFactory().newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            document = builder.parse(new InputSource(new ByteArrayInputStream(bytes)));
        } catch (SAXException e) {
            throw new PayloadException("malformed " + rootName + " document: " + e.getMessage(), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new PayloadException("cannot read " + rootName + " document: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Peer bytes must give a typed error even if they trip a bug in the JDK's parser.
            throw new PayloadException("the XML parser failed on a " + rootName + " document: " + e, e);
        }
        Element root = document.getDocumentElement();
        if (!namespace.equals(root.getNamespaceURI()) || !rootName.equals(root.getLocalName())) {
            throw new PayloadException("not an <" + rootName + "> document in namespace " + namespace + ": root is "
                    + shorten("{" + root.getNamespaceURI() + "}" + root.getLocalName()));
        }
        return root;
    }

    private static DocumentBuilderFactory newFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try {
            factory.setAttribute("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        } catch (IllegalArgumentException e) {
            factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_ELEMENT_DEPTH);
        }
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    /** The child elements of a parent in a namespace, in order; others are skipped. */
    static List<Element> children(Element parent, String namespace) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI())) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * The one child element with this name, or null.
     *
     * @throws PayloadException if there are several
     */
    static Element child(List<Element> children, String name) throws PayloadException {
        Element found = null;
        for (Element e : children) {
            if (name.equals(e.getLocalName())) {
                if (found != null) {
                    throw new PayloadException("element <" + name + "> appears more than once");
                }
                found = e;
            }
        }
        return found;
    }

    /** The text of an element without surrounding white space. */
    static String text(Element e) {
        return e.getTextContent().strip();
    }

    /** The text of a required element, not empty. */
    static String requiredText(List<Element> children, String name) throws PayloadException {
        Element e = child(children, name);
        if (e == null) {
            throw new PayloadException("element <" + name + "> is missing");
        }
        String text = text(e);
        if (text.isEmpty()) {
            throw new PayloadException("element <" + name + "> is empty");
        }
        return text;
    }

    /** The text of an optional element, or null when absent (empty text is an error). */
    static String optionalText(List<Element> children, String name) throws PayloadException {
        Element e = child(children, name);
        if (e == null) {
            return null;
        }
        String text = text(e);
        if (text.isEmpty()) {
            throw new PayloadException("element <" + name + "> is empty");
        }
        return text;
    }

    /** Text from a peer cut to at most 80 characters, for an error message. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** A date-time element's value. */
    static OffsetDateTime dateTime(String text, String element) throws PayloadException {
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeException e) {
            throw new PayloadException("element <" + element + "> is not a date-time with an offset: "
                    + shorten(text), e);
        }
    }

    /**
     * Checks that text can be written as the content of an element: XML 1.0 characters only,
     * unpaired surrogates excluded; with {@code trimmed}, also not empty and without surrounding
     * white space (which a reader strips).
     *
     * @throws IllegalArgumentException if not
     */
    static String checkText(String text, String what, boolean trimmed) {
        if (trimmed && (text.isEmpty() || !text.equals(text.strip()))) {
            throw new IllegalArgumentException(what + " must not be empty or begin or end with white space");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                i++;
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xd7ff
                        || c >= 0xe000 && c <= 0xfffd;
            }
            if (!ok) {
                throw new IllegalArgumentException(what + " holds a character XML cannot carry");
            }
        }
        return text;
    }

    /** Escapes element content: {@code & < >}, and CR as a reference so that it is read back. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends {@code <name>escaped text</name>} on its own indented line. */
    static void element(StringBuilder out, String indent, String name, String text) {
        out.append(indent).append('<').append(name).append('>').append(escape(text)).append("</")
                .append(name).append(">\n");
    }
}

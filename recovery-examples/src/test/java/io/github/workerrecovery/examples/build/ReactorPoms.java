package io.github.workerrecovery.examples.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads what the build tests need from the reactor's {@code pom.xml} files (plain DOM, no Maven). */
final class ReactorPoms {

    private ReactorPoms() {
    }

    /**
     * @return the reactor root: the directory above this module ({@code basedir} under Surefire)
     *     whose {@code pom.xml} lists modules
     * @throws IllegalStateException when no such directory is found
     */
    static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path dir = module; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && !modules(dir).isEmpty()) {
                return dir;
            }
        }
        throw new IllegalStateException("no reactor pom.xml above " + module);
    }

    /**
     * @param root a directory with a {@code pom.xml}
     * @return the {@code <module>} entries of its {@code <modules>}, in order
     */
    static List<String> modules(Path root) {
        return texts(child(read(root.resolve("pom.xml")).getDocumentElement(), "modules"), "module");
    }

    /**
     * @param pom a pom file
     * @param name a property name
     * @return the value of {@code <properties><name>}, when the pom sets it
     */
    static Optional<String> property(Path pom, String name) {
        return child(read(pom).getDocumentElement(), "properties").flatMap(p -> child(p, name)).map(e -> e.getTextContent().trim());
    }

    /**
     * @param pom a pom file
     * @param path element names from the project element down, e.g. {@code "parent", "version"}
     * @return the text of that element, when present
     */
    static Optional<String> text(Path pom, String... path) {
        Optional<Element> e = Optional.of(read(pom).getDocumentElement());
        for (String name : path) {
            e = e.flatMap(parent -> child(parent, name));
        }
        return e.map(x -> x.getTextContent().trim());
    }

    /**
     * @param pom a BOM's pom file
     * @return the artifact ids its {@code <dependencyManagement>} lists
     */
    static List<String> managedArtifacts(Path pom) {
        Optional<Element> deps = child(read(pom).getDocumentElement(), "dependencyManagement").flatMap(d -> child(d, "dependencies"));
        List<String> out = new ArrayList<>();
        for (Element dep : children(deps, "dependency")) {
            child(dep, "artifactId").ifPresent(a -> out.add(a.getTextContent().trim()));
        }
        return out;
    }

    private static List<String> texts(Optional<Element> parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }

    private static List<Element> children(Optional<Element> parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent.isEmpty()) {
            return out;
        }
        NodeList nodes = parent.get().getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(Optional.of(parent), name).stream().findFirst();
    }

    private static Optional<Element> child(Optional<Element> parent, String name) {
        return parent.flatMap(p -> child(p, name));
    }

    private static Document read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }
}

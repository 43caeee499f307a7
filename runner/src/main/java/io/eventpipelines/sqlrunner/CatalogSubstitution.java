package io.eventpipelines.sqlrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces the job's Iceberg catalog (Glue, S3) by a local one for the check, once the job's own {@code CREATE CATALOG}
 * ran: same catalog name, same Iceberg Flink catalog factory, but a Hadoop catalog in a local warehouse directory that
 * the check fills with the sink tables' DDL, so every INSERT can be planned against the same table schemas without
 * AWS. The classes the original options name (the Glue catalog, S3FileIO) are loaded from the same class loader.
 */
final class CatalogSubstitution {

    /** Options of the original catalog that name the classes the job needs at run time. */
    static final String[] CLASS_OPTIONS = {"catalog-impl", "io-impl"};

    private CatalogSubstitution() {
    }

    /** Whether the check knows how to substitute this catalog (an Iceberg catalog). */
    static boolean substitutes(Map<String, String> options) {
        return "iceberg".equals(options.get("type"));
    }

    /** The {@code CREATE CATALOG} of the local stand-in, with the original's name. */
    static String localCatalog(String name, String warehouseUri) {
        return "CREATE CATALOG `" + name.replace("`", "``") + "` WITH (\n"
                + "  'type' = 'iceberg',\n"
                + "  'catalog-type' = 'hadoop',\n"
                + "  'warehouse' = '" + warehouseUri.replace("'", "''") + "'\n"
                + ")";
    }

    /** Drops the job's catalog once created, to register the stand-in under its name. */
    static String dropCatalog(String name) {
        return "DROP CATALOG `" + name.replace("`", "``") + "`";
    }

    /** The classes the original catalog's options name, in order: the catalog implementation first. */
    static List<String> runtimeClasses(Map<String, String> options) {
        List<String> classes = new ArrayList<>();
        for (String key : CLASS_OPTIONS) {
            String value = options.get(key);
            if (value != null && !value.trim().isEmpty()) {
                classes.add(value.trim());
            }
        }
        return classes;
    }
}

package io.compressnet.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One off-heap memory budget for every RocksDB state store of a process. By default Kafka Streams
 * gives each store instance its own 50 MB block cache and up to three 16 MB memtables, and a
 * service has one instance per store per partition (the monitor: six stores and a segmented window
 * store over six partitions, dozens of instances), so resident memory grows by gigabytes as the
 * stores fill, outside the JVM heap and its limits. Here all stores share one LRU cache, and their
 * memtables are charged to that same cache through a write-buffer manager, so the total stays
 * within {@link #MEMORY_MB} whatever the partition count.
 *
 * <p>Kafka Streams creates a setter per store through reflection, so the shared cache is static:
 * one per JVM, sized by the first store that opens (services in one JVM, as in the demo, share it).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** Streams config key (passed to the setter as is) of the budget in MiB. */
  public static final String MEMORY_MB = "compressnet.rocksdb.memory.mb";

  /** Share of the budget memtables may take; the rest caches data, index and filter blocks. */
  private static final double MEMTABLE_SHARE = 0.5;

  private static final long MIB = 1024L * 1024L;
  private static final int MEMTABLES_PER_STORE = 2;
  private static final long MAX_MEMTABLE_BYTES = 8 * MIB;

  private static Cache cache;
  private static WriteBufferManager writeBuffers;
  private static long budgetBytes;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long budget = budgetMib(configs) * MIB;
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(sharedCache(budget));
    // Index and filter blocks live in the cache too, so they count against the budget.
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(writeBuffers);
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setWriteBufferSize(Math.min(MAX_MEMTABLE_BYTES, Math.max(MIB, budget / 16)));
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store of the JVM: never closed
    // with one of them.
  }

  /** The budget of the shared cache, in bytes (0 before the first store opened). */
  static synchronized long budgetBytes() {
    return budgetBytes;
  }

  private static synchronized Cache sharedCache(long budget) {
    if (cache == null) {
      budgetBytes = budget;
      cache = new LRUCache(budget, -1, false, 0.1);
      writeBuffers = new WriteBufferManager((long) (budget * MEMTABLE_SHARE), cache);
    }
    return cache;
  }

  static long budgetMib(Map<String, Object> configs) {
    Object value = configs.get(MEMORY_MB);
    long mib;
    try {
      mib = value == null ? Long.parseLong(DEFAULT_MB) : Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MEMORY_MB + " must be a whole number of MiB, was " + value);
    }
    if (mib < 8) {
      throw new IllegalArgumentException(MEMORY_MB + " must be at least 8 (MiB), was " + mib);
    }
    return mib;
  }

  /** The default budget: enough for the monitor's stores at the rates of a 2-core machine. */
  public static final String DEFAULT_MB = "64";
}

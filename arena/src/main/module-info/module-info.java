/**
 * Off-heap memory for Piglet: bump and ring arenas, word streams between threads, and the
 * cross-thread link ({@link dev.piglet.arena.WordLink}) that pairs a ring with a lock-free queue.
 */
module dev.piglet.arena {
    // The link's hand-off queue (an implementation detail: no JCTools type appears in this API).
    requires org.jctools.core.jdk11;

    exports dev.piglet.arena;
}

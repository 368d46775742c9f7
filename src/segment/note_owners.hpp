// NoteOwners: which customer slot each note of a shop belongs to. A
// `note_deleted` change carries only the note id and is read after the row is
// gone, so the segment engine asks this map whose contact features to re-read.
// The FeatureStore keeps it equal to the notes of its slots as last read.
//
// Cost: 12 bytes per note in two sorted arrays, plus a small hash table of the
// notes added since the last merge (at most an eighth of the arrays or 4096
// entries), merged in when it grows; lookups and updates are O(log n)
// amortized. Not thread-safe (the FeatureStore's locking covers it).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace guanxi::segment {

class NoteOwners {
 public:
  // Records that `note` belongs to `slot` (a new note, or one moved by a merge).
  void set(int64_t note, uint32_t slot);
  // Forgets `note` unless it belongs to another slot by now (moved by a merge).
  void erase(int64_t note, uint32_t slot);
  std::optional<uint32_t> find(int64_t note) const;
  size_t size() const { return ids_.size() - erased_ + recent_.size(); }
  size_t bytes() const;
  // Moves the recent notes into the sorted arrays and drops erased ones.
  void compact();

 private:
  static constexpr uint32_t kErased = UINT32_MAX;
  // Position of `note` in ids_, or ids_.size().
  size_t index_of(int64_t note) const;

  std::vector<int64_t> ids_;  // ascending
  std::vector<uint32_t> slots_;
  size_t erased_ = 0;  // entries of slots_ that are kErased
  std::unordered_map<int64_t, uint32_t> recent_;
};

}  // namespace guanxi::segment

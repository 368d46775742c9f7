#include "segment/note_owners.hpp"

#include <algorithm>
#include <utility>

namespace guanxi::segment {

size_t NoteOwners::index_of(int64_t note) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), note);
  if (it != ids_.end() && *it == note) return static_cast<size_t>(it - ids_.begin());
  return ids_.size();
}

void NoteOwners::set(int64_t note, uint32_t slot) {
  const size_t i = index_of(note);
  if (i < ids_.size()) {
    if (slots_[i] == kErased) --erased_;
    slots_[i] = slot;
    return;
  }
  recent_[note] = slot;
  if (recent_.size() > std::max<size_t>(4096, ids_.size() / 8)) compact();
}

void NoteOwners::erase(int64_t note, uint32_t slot) {
  const size_t i = index_of(note);
  if (i < ids_.size()) {
    if (slots_[i] == slot) {
      slots_[i] = kErased;
      ++erased_;
    }
  } else if (auto it = recent_.find(note); it != recent_.end() && it->second == slot) {
    recent_.erase(it);
  }
  if (erased_ > 4096 && erased_ * 4 > ids_.size()) compact();
}

std::optional<uint32_t> NoteOwners::find(int64_t note) const {
  const size_t i = index_of(note);
  if (i < ids_.size()) {
    if (slots_[i] == kErased) return std::nullopt;
    return slots_[i];
  }
  auto it = recent_.find(note);
  if (it == recent_.end()) return std::nullopt;
  return it->second;
}

void NoteOwners::compact() {
  std::vector<std::pair<int64_t, uint32_t>> fresh(recent_.begin(), recent_.end());
  std::sort(fresh.begin(), fresh.end());
  std::vector<int64_t> ids;
  std::vector<uint32_t> slots;
  ids.reserve(ids_.size() - erased_ + fresh.size());
  slots.reserve(ids.capacity());
  size_t i = 0;
  size_t j = 0;
  // recent_ never holds a note of ids_ (set() updates those in place).
  while (i < ids_.size() || j < fresh.size()) {
    if (j == fresh.size() || (i < ids_.size() && ids_[i] < fresh[j].first)) {
      if (slots_[i] != kErased) {
        ids.push_back(ids_[i]);
        slots.push_back(slots_[i]);
      }
      ++i;
    } else {
      ids.push_back(fresh[j].first);
      slots.push_back(fresh[j].second);
      ++j;
    }
  }
  ids_ = std::move(ids);
  slots_ = std::move(slots);
  erased_ = 0;
  recent_.clear();
}

size_t NoteOwners::bytes() const {
  return ids_.capacity() * sizeof(int64_t) + slots_.capacity() * sizeof(uint32_t) +
         recent_.size() * (sizeof(std::pair<int64_t, uint32_t>) + 2 * sizeof(void*));
}

}  // namespace guanxi::segment

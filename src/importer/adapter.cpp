#include "importer/adapter.hpp"

namespace guanxi::importer {

Result<ImportFormat> parse_import_format(std::string_view name) {
  if (name == "taobao") return ImportFormat::kTaobao;
  if (name == "shopify") return ImportFormat::kShopify;
  if (name == "csv") return ImportFormat::kCsv;
  return Status::invalid("unknown import format '" + std::string(name) +
                         "' (expected taobao, shopify or csv)");
}

std::string_view import_format_name(ImportFormat format) {
  switch (format) {
    case ImportFormat::kTaobao:
      return "taobao";
    case ImportFormat::kShopify:
      return "shopify";
    case ImportFormat::kCsv:
      return "csv";
  }
  return "csv";
}

void RecentKeys::add(std::string key, int64_t line) {
  if (capacity_ == 0 || lines_.contains(key)) return;
  if (ring_.size() < capacity_) {
    ring_.push_back(key);
  } else {
    lines_.erase(ring_[next_]);
    ring_[next_] = key;
    next_ = (next_ + 1) % capacity_;
  }
  lines_.insert_or_assign(std::move(key), line);
}

int64_t RecentKeys::find(const std::string& key) const {
  const auto it = lines_.find(key);
  return it == lines_.end() ? 0 : it->second;
}

}  // namespace guanxi::importer

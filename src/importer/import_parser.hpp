// ImportParser: the parsing half of an import — file, encoding, CSV reader and
// format adapter put together — delivering the file as batches of parsed items
// (ParseBatch). The import runner calls it on its parsing thread; tests call
// parse_file() to get a whole small file at once.
#pragma once

#include <memory>
#include <string>

#include "core/status.hpp"
#include "importer/adapter.hpp"
#include "importer/csv_reader.hpp"
#include "importer/encoding.hpp"

namespace guanxi::importer {

template <typename Item>
class ImportParser {
 public:
  // Opens the file (detecting its encoding when kAuto), reads the header and
  // binds the adapter. Errors: io_error for the file; invalid_argument for an
  // empty file, a malformed header or a missing required column — each with
  // the file (and the column) in the location.
  static Result<std::unique_ptr<ImportParser>> open(const std::string& path, Encoding encoding,
                                                    std::unique_ptr<RecordAdapter<Item>> adapter,
                                                    CsvOptions csv = {});

  ImportParser(std::unique_ptr<TextFile> text, std::unique_ptr<RecordAdapter<Item>> adapter,
               CsvOptions csv);  // use open()

  // Parses records into `out` until it holds `max_items` items or has read
  // `max_records` records, or the input ends. Malformed records become error
  // issues. Returns false once the input is exhausted (and the adapter
  // flushed). Only an I/O failure is an error.
  Result<bool> next_batch(ParseBatch<Item>& out, size_t max_items, size_t max_records);

  uint64_t bytes_read() const { return text_->bytes_read(); }
  uint64_t bytes_total() const { return text_->size(); }
  Encoding encoding() const { return text_->encoding(); }
  // Invalid byte sequences replaced with U+FFFD so far.
  uint64_t replacements() const { return text_->replacements(); }

 private:
  std::unique_ptr<TextFile> text_;
  std::unique_ptr<RecordAdapter<Item>> adapter_;
  CsvReader reader_;
  bool done_ = false;
};

// Parses a whole file into one batch (tests and small files only: memory grows
// with the file).
template <typename Item>
Result<ParseBatch<Item>> parse_file(const std::string& path, Encoding encoding,
                                    std::unique_ptr<RecordAdapter<Item>> adapter);

extern template class ImportParser<ParsedOrder>;
extern template class ImportParser<ParsedCustomer>;
extern template Result<ParseBatch<ParsedOrder>> parse_file(const std::string&, Encoding,
                                                           std::unique_ptr<OrderAdapter>);
extern template Result<ParseBatch<ParsedCustomer>> parse_file(const std::string&, Encoding,
                                                              std::unique_ptr<CustomerAdapter>);

}  // namespace guanxi::importer

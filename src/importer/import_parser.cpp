#include "importer/import_parser.hpp"

#include <limits>

namespace guanxi::importer {

template <typename Item>
ImportParser<Item>::ImportParser(std::unique_ptr<TextFile> text,
                                 std::unique_ptr<RecordAdapter<Item>> adapter, CsvOptions csv)
    : text_(std::move(text)), adapter_(std::move(adapter)), reader_(text_->text(), csv) {}

template <typename Item>
Result<std::unique_ptr<ImportParser<Item>>> ImportParser<Item>::open(
    const std::string& path, Encoding encoding, std::unique_ptr<RecordAdapter<Item>> adapter,
    CsvOptions csv) {
  GX_ASSIGN_OR_RETURN(std::unique_ptr<TextFile> text, TextFile::open(path, encoding));
  auto parser = std::make_unique<ImportParser<Item>>(std::move(text), std::move(adapter), csv);
  Location loc;
  loc.file = path;
  GX_ASSIGN_OR_RETURN(CsvReader::Step step, parser->reader_.next());
  if (step == CsvReader::Step::kEnd)
    return Status::invalid("the file is empty: expected a header line", loc);
  if (step == CsvReader::Step::kMalformed) {
    loc.line = parser->reader_.error().line;
    return Status::invalid("malformed header: " + parser->reader_.error().reason, loc);
  }
  Status bound = parser->adapter_->bind_header(parser->reader_.record());
  if (!bound.is_ok()) {
    Location where = bound.location();
    where.file = path;
    if (where.line == 0) where.line = parser->reader_.record().line();
    return bound.with_location(std::move(where));
  }
  return parser;
}

template <typename Item>
Result<bool> ImportParser<Item>::next_batch(ParseBatch<Item>& out, size_t max_items,
                                            size_t max_records) {
  if (done_) return false;
  size_t records = 0;
  while (out.items.size() < max_items && records < max_records) {
    GX_ASSIGN_OR_RETURN(CsvReader::Step step, reader_.next());
    if (step == CsvReader::Step::kEnd) {
      adapter_->finish(out);
      done_ = true;
      return false;
    }
    ++records;
    if (step == CsvReader::Step::kMalformed) {
      const CsvError& e = reader_.error();
      out.issues.push_back(RowIssue{e.line, "", Severity::kError, e.reason});
      ++out.rows_read;
      ++out.rows_rejected;
      continue;
    }
    adapter_->add_record(reader_.record(), out);
  }
  return true;
}

template <typename Item>
Result<ParseBatch<Item>> parse_file(const std::string& path, Encoding encoding,
                                    std::unique_ptr<RecordAdapter<Item>> adapter) {
  GX_ASSIGN_OR_RETURN(auto parser, ImportParser<Item>::open(path, encoding, std::move(adapter)));
  ParseBatch<Item> all;
  constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();
  for (;;) {
    GX_ASSIGN_OR_RETURN(bool more, parser->next_batch(all, kUnlimited, kUnlimited));
    if (!more) break;
  }
  return all;
}

template class ImportParser<ParsedOrder>;
template class ImportParser<ParsedCustomer>;
template Result<ParseBatch<ParsedOrder>> parse_file(const std::string&, Encoding,
                                                    std::unique_ptr<OrderAdapter>);
template Result<ParseBatch<ParsedCustomer>> parse_file(const std::string&, Encoding,
                                                       std::unique_ptr<CustomerAdapter>);

}  // namespace guanxi::importer

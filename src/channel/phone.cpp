#include "channel/phone.hpp"

namespace guanxi::channel {

Result<std::string> to_e164(std::string_view phone) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c >= '0' && c <= '9') {
      digits += c;
    } else {
      return Status::invalid("phone number '" + std::string(phone) + "' has a stray character");
    }
  }
  if (plus) {
    if (digits.size() < 8 || digits.size() > 15 || digits.front() == '0') {
      return Status::invalid("phone number '" + std::string(phone) +
                             "' is not E.164 (+ and 8 to 15 digits)");
    }
    return "+" + digits;
  }
  if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9') {
    return "+86" + digits;
  }
  return Status::invalid("phone number '" + std::string(phone) +
                         "' is neither E.164 nor an 11-digit mainland China mobile number");
}

}  // namespace guanxi::channel

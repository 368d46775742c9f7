// Placeholder; filled in by the sales work.
namespace guanxi::sales {}

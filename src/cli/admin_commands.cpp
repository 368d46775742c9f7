// guanxi shop …, guanxi apikey …, guanxi backup.
#include <iostream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "domain/shops.hpp"

namespace guanxi::cli {

namespace {

Json key_json(const domain::ApiKey& k) {
  Json j = {{"id", k.id},         {"shop_id", k.shop_id},
            {"name", k.name},     {"role", k.role},
            {"prefix", k.prefix}, {"created_at", format_utc_iso8601(k.created_at)}};
  j["revoked_at"] = k.revoked_at ? Json(format_utc_iso8601(*k.revoked_at)) : Json(nullptr);
  return j;
}

}  // namespace

void add_shop_command(CLI::App& app, int& rc) {
  auto* shop = app.add_subcommand("shop", "Create and list shops (tenants)");
  shop->require_subcommand(1);

  struct CreateArgs {
    GlobalOptions g;
    domain::Shop shop;
  };
  auto create_args = std::make_shared<CreateArgs>();
  auto* create = shop->add_subcommand("create", "Create a shop");
  add_global_options(*create, create_args->g);
  create->add_option("--name", create_args->shop.name, "Shop name")->required();
  create->add_option("--time-zone", create_args->shop.time_zone, "IANA time zone")
      ->default_val("Asia/Shanghai");
  create->add_option("--currency", create_args->shop.currency, "ISO 4217 currency")
      ->default_val("CNY");
  create->callback([create_args, &rc] {
    auto db = store::open_database(database_path(create_args->g));
    if (!db.ok()) {
      rc = report_error(db.status());
      return;
    }
    auto conn = (*db)->connect();
    if (!conn.ok()) {
      rc = report_error(conn.status());
      return;
    }
    SystemClock clock;
    auto created = domain::create_shop(**conn, clock, create_args->shop);
    if (!created.ok()) {
      rc = report_error(created.status());
      return;
    }
    if (create_args->g.json) {
      print_json({{"id", created->id},
                  {"name", created->name},
                  {"time_zone", created->time_zone},
                  {"currency", created->currency}});
    } else {
      std::cout << "Created shop " << created->id << " (" << created->name << ", "
                << created->time_zone << ", " << created->currency << ")\n";
    }
  });

  auto list_args = std::make_shared<GlobalOptions>();
  auto* list = shop->add_subcommand("list", "List shops");
  add_global_options(*list, *list_args);
  list->callback([list_args, &rc] {
    auto db = store::open_database(database_path(*list_args));
    if (!db.ok()) {
      rc = report_error(db.status());
      return;
    }
    auto conn = (*db)->connect(true);
    if (!conn.ok()) {
      rc = report_error(conn.status());
      return;
    }
    auto shops = domain::list_shops(**conn);
    if (!shops.ok()) {
      rc = report_error(shops.status());
      return;
    }
    Json out = Json::array();
    for (const auto& s : *shops) {
      out.push_back(
          {{"id", s.id}, {"name", s.name}, {"time_zone", s.time_zone}, {"currency", s.currency}});
      if (!list_args->json)
        std::cout << s.id << "\t" << s.name << "\t" << s.time_zone << "\t" << s.currency << "\n";
    }
    if (list_args->json) print_json(out);
  });
}

void add_apikey_command(CLI::App& app, int& rc) {
  auto* apikey = app.add_subcommand("apikey", "Manage API keys for integrations");
  apikey->require_subcommand(1);

  struct CreateArgs {
    GlobalOptions g;
    std::string name = "default";
    std::string role = "admin";
  };
  auto args = std::make_shared<CreateArgs>();
  auto* create = apikey->add_subcommand("create", "Create an API key (the token is shown once)");
  add_global_options(*create, args->g);
  create->add_option("--name", args->name, "A name to recognise the key by");
  create->add_option("--role", args->role, "Role of the key")->default_val("admin");
  create->callback([args, &rc] {
    auto s = open_session(args->g);
    if (!s.ok()) {
      rc = report_error(s.status());
      return;
    }
    auto key =
        domain::create_api_key(*(*s)->conn, (*s)->clock, (*s)->shop.id, args->name, args->role);
    if (!key.ok()) {
      rc = report_error(key.status());
      return;
    }
    if (args->g.json) {
      Json j = key_json(key->key);
      j["token"] = key->secret;
      print_json(j);
    } else {
      std::cout << "API key " << key->key.id << " (" << key->key.name << ", role " << key->key.role
                << ") for shop " << (*s)->shop.id << ":\n\n  " << key->secret
                << "\n\nUse it as: Authorization: Bearer " << key->secret
                << "\nIt is shown only now; Guanxi stores only its hash.\n";
    }
  });

  auto list_args = std::make_shared<GlobalOptions>();
  auto* list = apikey->add_subcommand("list", "List API keys (without secrets)");
  add_global_options(*list, *list_args);
  list->callback([list_args, &rc] {
    auto s = open_session(*list_args);
    if (!s.ok()) {
      rc = report_error(s.status());
      return;
    }
    auto keys = domain::list_api_keys(*(*s)->conn, (*s)->shop.id);
    if (!keys.ok()) {
      rc = report_error(keys.status());
      return;
    }
    Json out = Json::array();
    for (const auto& k : *keys) {
      out.push_back(key_json(k));
      if (!list_args->json) {
        std::cout << k.id << "\t" << k.prefix << "\t" << k.name << "\t" << k.role << "\t"
                  << (k.revoked_at ? "revoked" : "active") << "\n";
      }
    }
    if (list_args->json) print_json(out);
  });

  struct RevokeArgs {
    GlobalOptions g;
    int64_t id = 0;
  };
  auto revoke_args = std::make_shared<RevokeArgs>();
  auto* revoke = apikey->add_subcommand("revoke", "Revoke an API key");
  add_global_options(*revoke, revoke_args->g, false);
  revoke->add_option("id", revoke_args->id, "Key id")->required();
  revoke->callback([revoke_args, &rc] {
    auto s = open_session(revoke_args->g);
    if (!s.ok()) {
      rc = report_error(s.status());
      return;
    }
    Status st = domain::revoke_api_key(*(*s)->conn, (*s)->clock, (*s)->shop.id, revoke_args->id);
    if (!st.is_ok())
      rc = report_error(st);
    else
      std::cout << "Revoked API key " << revoke_args->id << "\n";
  });
}

void add_backup_command(CLI::App& app, int& rc) {
  struct Args {
    GlobalOptions g;
    std::string file;
  };
  auto args = std::make_shared<Args>();
  auto* backup =
      app.add_subcommand("backup", "Write a consistent copy of the live database to FILE");
  add_global_options(*backup, args->g, false);
  backup->add_option("file", args->file, "Target file (must not exist)")->required();
  backup->callback([args, &rc] {
    if (std::FILE* f = std::fopen(args->file.c_str(), "r"); f != nullptr) {
      std::fclose(f);
      rc = report_error(Status::invalid("backup target " + args->file + " already exists"));
      return;
    }
    auto db = store::open_database(database_path(args->g));
    if (!db.ok()) {
      rc = report_error(db.status());
      return;
    }
    Status st = (*db)->backup_to(args->file);
    if (!st.is_ok()) {
      rc = report_error(st);
      return;
    }
    std::cout << "Backed up " << database_path(args->g) << " to " << args->file << "\n";
  });
}

}  // namespace guanxi::cli

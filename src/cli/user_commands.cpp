// guanxi user create|list|passwd|disable, guanxi team create|list: the people
// who sign in to the web UI. `guanxi user create --admin` creates the first
// administrator ("admin" with a generated password unless told otherwise).
#include <iostream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "domain/roles.hpp"
#include "domain/users.hpp"

namespace guanxi::cli {

namespace {

Json user_json(const domain::User& u) {
  return Json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"email", u.email},
              {"role", u.role},
              {"team_id", u.team_id ? Json(*u.team_id) : Json(nullptr)},
              {"grants", u.grants},
              {"active", u.active}};
}

Result<int64_t> user_id_by_name(Session& s, const std::string& username) {
  GX_ASSIGN_OR_RETURN(auto u, domain::find_user_by_username(*s.conn, username));
  if (!u || u->shop_id != s.shop.id) {
    return Status(ErrorCode::kNotFound, "no user named '" + username + "' in this shop");
  }
  return u->id;
}

// The password of --password, or a generated one (printed by the caller).
Result<std::string> choose_password(const std::string& given, bool generate) {
  if (!given.empty() && generate) {
    return Status::invalid("give either --password or --generate-password, not both");
  }
  if (!given.empty()) {
    GX_RETURN_IF_ERROR(domain::check_password_policy(given, "--password"));
    return given;
  }
  return domain::generate_password();
}

}  // namespace

void add_user_commands(CLI::App& app, int& rc) {
  auto* user = app.add_subcommand("user", "Manage the people who sign in to the web UI");
  user->require_subcommand(1);

  struct CreateArgs {
    GlobalOptions g;
    std::string username;
    std::string password;
    bool generate = false;
    bool admin = false;
    std::string role;
    std::string team;
    std::string display_name;
    std::string email;
  };
  auto c = std::make_shared<CreateArgs>();
  auto* create = user->add_subcommand(
      "create",
      "Create a user (with --admin and no --username: 'admin' with a generated password)");
  add_global_options(*create, c->g);
  create->add_option("--username", c->username, "Sign-in name (letters, digits, . _ -)");
  create->add_option("--password", c->password, "Password (at least 10 characters)");
  create->add_flag("--generate-password", c->generate, "Generate a password and print it");
  create->add_flag("--admin", c->admin, "Role admin");
  create->add_option("--role", c->role, "admin, manager, marketer, sales, csr or analyst");
  create->add_option("--team", c->team, "Team name (must exist: guanxi team create)");
  create->add_option("--display-name", c->display_name, "Name shown in the UI");
  create->add_option("--email", c->email, "E-mail address");
  create->callback([c, &rc] {
    run_command(rc, [&]() -> Status {
      if (c->admin && !c->role.empty() && c->role != "admin")
        return Status::invalid("--admin and --role " + c->role + " contradict each other");
      const std::string role = c->admin ? "admin" : c->role;
      if (role.empty()) return Status::invalid("give --role ROLE or --admin");
      std::string username = c->username;
      if (username.empty()) {
        if (!c->admin) return Status::invalid("--username is required");
        username = "admin";
      }
      const bool generated = c->password.empty();
      GX_ASSIGN_OR_RETURN(std::string password, choose_password(c->password, c->generate));
      GX_ASSIGN_OR_RETURN(auto s, open_session(c->g));
      domain::NewUser u;
      u.username = username;
      u.display_name = c->display_name;
      u.email = c->email;
      u.role = role;
      if (!c->team.empty()) {
        GX_ASSIGN_OR_RETURN(auto team, domain::find_team_by_name(*s->conn, s->shop.id, c->team));
        if (!team) return Status::not_found("no team named '" + c->team + "' (guanxi team create)");
        u.team_id = team->id;
      }
      GX_ASSIGN_OR_RETURN(u.password_hash, domain::hash_password(password, "--password"));
      GX_ASSIGN_OR_RETURN(domain::User created, write(*s, [&](domain::WriteContext& w) {
                            return domain::create_user(w, u);
                          }));
      if (c->g.json) {
        Json out = user_json(created);
        if (generated) out["password"] = password;
        print_json(out);
      } else {
        std::cout << "Created user " << created.username << " (id " << created.id << ", role "
                  << created.role << ")\n";
        if (generated) std::cout << "Password: " << password << "\n";
      }
      return Status::ok();
    });
  });

  auto list_args = std::make_shared<GlobalOptions>();
  auto* list = user->add_subcommand("list", "List the shop's users");
  add_global_options(*list, *list_args);
  list->callback([list_args, &rc] {
    run_command(rc, [&]() -> Status {
      GX_ASSIGN_OR_RETURN(auto s, open_session(*list_args));
      GX_ASSIGN_OR_RETURN(auto users, domain::list_users(*s->conn, s->shop.id));
      Json out = Json::array();
      for (const auto& u : users) {
        out.push_back(user_json(u));
        if (!list_args->json) {
          std::cout << u.id << "\t" << u.username << "\t" << u.role << "\t"
                    << (u.team_id ? std::to_string(*u.team_id) : "-") << "\t"
                    << (u.active ? "active" : "disabled") << "\t" << u.display_name << "\n";
        }
      }
      if (list_args->json) print_json(out);
      return Status::ok();
    });
  });

  struct PasswdArgs {
    GlobalOptions g;
    std::string username;
    std::string password;
    bool generate = false;
  };
  auto p = std::make_shared<PasswdArgs>();
  auto* passwd = user->add_subcommand(
      "passwd", "Set a user's password (signs the user out everywhere; unlocks the account)");
  add_global_options(*passwd, p->g);
  passwd->add_option("--username", p->username, "The user")->required();
  passwd->add_option("--password", p->password, "New password (at least 10 characters)");
  passwd->add_flag("--generate-password", p->generate, "Generate a password and print it");
  passwd->callback([p, &rc] {
    run_command(rc, [&]() -> Status {
      const bool generated = p->password.empty();
      GX_ASSIGN_OR_RETURN(std::string password, choose_password(p->password, p->generate));
      GX_ASSIGN_OR_RETURN(auto s, open_session(p->g));
      GX_ASSIGN_OR_RETURN(int64_t id, user_id_by_name(*s, p->username));
      GX_ASSIGN_OR_RETURN(std::string hash, domain::hash_password(password, "--password"));
      GX_RETURN_IF_ERROR(write(*s, [&](domain::WriteContext& w) {
        return domain::set_password(w, id, hash, false, 0);
      }));
      std::cout << "Password of " << p->username << " changed\n";
      if (generated) std::cout << "Password: " << password << "\n";
      return Status::ok();
    });
  });

  struct DisableArgs {
    GlobalOptions g;
    std::string username;
    bool enable = false;
  };
  auto d = std::make_shared<DisableArgs>();
  auto* disable = user->add_subcommand("disable", "Deactivate a user (signs them out everywhere)");
  add_global_options(*disable, d->g);
  disable->add_option("--username", d->username, "The user")->required();
  disable->add_flag("--enable", d->enable, "Re-activate instead");
  disable->callback([d, &rc] {
    run_command(rc, [&]() -> Status {
      GX_ASSIGN_OR_RETURN(auto s, open_session(d->g));
      GX_ASSIGN_OR_RETURN(int64_t id, user_id_by_name(*s, d->username));
      domain::UserChange change;
      change.active = d->enable;
      GX_RETURN_IF_ERROR(write(*s, [&](domain::WriteContext& w) {
                           return domain::update_user(w, id, change);
                         }).status());
      std::cout << "User " << d->username << (d->enable ? " enabled\n" : " disabled\n");
      return Status::ok();
    });
  });

  auto* team = app.add_subcommand("team", "Manage teams of users");
  team->require_subcommand(1);
  struct TeamArgs {
    GlobalOptions g;
    std::string name;
    std::string manager;
  };
  auto t = std::make_shared<TeamArgs>();
  auto* tcreate = team->add_subcommand("create", "Create a team");
  add_global_options(*tcreate, t->g);
  tcreate->add_option("--name", t->name, "Team name")->required();
  tcreate->add_option("--manager", t->manager, "Username of the team's manager");
  tcreate->callback([t, &rc] {
    run_command(rc, [&]() -> Status {
      GX_ASSIGN_OR_RETURN(auto s, open_session(t->g));
      std::optional<int64_t> manager;
      if (!t->manager.empty()) {
        GX_ASSIGN_OR_RETURN(manager, user_id_by_name(*s, t->manager));
      }
      GX_ASSIGN_OR_RETURN(domain::Team created, write(*s, [&](domain::WriteContext& w) {
                            return domain::create_team(w, t->name, manager);
                          }));
      if (t->g.json) {
        print_json(Json{{"id", created.id}, {"name", created.name}});
      } else {
        std::cout << "Created team " << created.name << " (id " << created.id << ")\n";
      }
      return Status::ok();
    });
  });
  auto tl = std::make_shared<GlobalOptions>();
  auto* tlist = team->add_subcommand("list", "List teams");
  add_global_options(*tlist, *tl);
  tlist->callback([tl, &rc] {
    run_command(rc, [&]() -> Status {
      GX_ASSIGN_OR_RETURN(auto s, open_session(*tl));
      GX_ASSIGN_OR_RETURN(auto teams, domain::list_teams(*s->conn, s->shop.id));
      Json out = Json::array();
      for (const auto& x : teams) {
        out.push_back(Json{
            {"id", x.id},
            {"name", x.name},
            {"manager_user_id", x.manager_user_id ? Json(*x.manager_user_id) : Json(nullptr)}});
        if (!tl->json) std::cout << x.id << "\t" << x.name << "\n";
      }
      if (tl->json) print_json(out);
      return Status::ok();
    });
  });
}

}  // namespace guanxi::cli
